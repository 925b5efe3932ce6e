using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>What a builder's command prints of its build: text lines, and its part of the JSON report.</summary>
internal interface IExtensionRendering
{
    /// <summary>Writes what the builder made, after its warnings and diagnostics and before packing.</summary>
    void WriteBuilt(ExtensionBuild build, TextWriter output, TextWriter error, bool json);

    /// <summary><paramref name="report"/> with the builder's own part added.</summary>
    PackReport AddTo(PackReport report, ExtensionBuild build);
}
