using Flix.Flatwrap;
using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Builders;

/// <summary>Flatwrap (<see cref="FlatwrapBuilder"/>) as the pipeline's builder. It only reads the rootfs.</summary>
public sealed class FlatwrapExtensionBuilder(FlatwrapOptions options) : IExtensionBuilder
{
    public FlatwrapOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "flatwrap";

    public async Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var result = await FlatwrapBuilder.BuildAsync(rootfs.Model, Options, cancellationToken).ConfigureAwait(false);
        return new FlatwrapBuild { Tree = result.Tree, HasUnits = result.HasUnits, Warnings = result.Warnings, Result = result };
    }
}
