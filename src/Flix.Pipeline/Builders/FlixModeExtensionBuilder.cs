using Flix.FlixMode;
using Flix.Pipeline.Rootfs;
using Flix.Sysext;

namespace Flix.Pipeline.Builders;

/// <summary>Flix mode (<see cref="FlixBuilder"/>) as the pipeline's builder. It only reads the rootfs.</summary>
public sealed class FlixModeExtensionBuilder(FlixOptions options) : IExtensionBuilder
{
    public FlixOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "flixmode";

    public async Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var result = await FlixBuilder.BuildAsync(rootfs.Model, Options, cancellationToken).ConfigureAwait(false);
        return new FlixModeBuild
        {
            Tree = result.Tree,
            HasUnits = result.HasUnits,
            Warnings = result.Warnings,
            Diagnostics = result.Diagnostics,
            // A dir: source has no image platform: the machine of the programs says what the extension is for.
            Architecture = result.Loader is { } loader ? ExtensionArchitecture.FromElfMachine((ushort)loader.Machine) : null,
            Result = result,
        };
    }
}
