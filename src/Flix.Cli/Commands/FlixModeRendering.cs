using Flix.FlixMode;
using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>Flix mode's lines: one summary of what was patched; in JSON, the "flix" object.</summary>
internal sealed class FlixModeRendering : IExtensionRendering
{
    public void WriteBuilt(ExtensionBuild build, TextWriter output, TextWriter error, bool json) =>
        (json ? error : output).WriteLine(Summary(Result(build)));

    public PackReport AddTo(PackReport report, ExtensionBuild build) => report with { Flix = FlixModeReport.From(Result(build)) };

    private static FlixResult Result(ExtensionBuild build) => ((FlixModeBuild)build).Result;

    private static string Summary(FlixResult built) => built.Loader is null
        ? $"Copied {built.UnpatchedElfFiles.Count} static ELF file(s) as they are; no loader needed."
        : $"Patched {built.PatchedFiles.Count} ELF file(s) to use {built.Sysroot} ({built.Loader.Flavor.ToString().ToLowerInvariant()} loader {built.Loader.Interpreter}, "
            + $"{built.Libraries.Count} librar{(built.Libraries.Count == 1 ? "y" : "ies")}{(built.GconvDirectory is null ? string.Empty : ", gconv in " + built.GconvDirectory)}); "
            + $"the closure check found every library inside the extension.";
}
