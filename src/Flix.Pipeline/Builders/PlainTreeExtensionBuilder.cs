using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Builders;

/// <summary>
/// Ships the rootfs as it is, as <c>flix pack</c> ships a folder: for a tree that already has the extension's layout
/// (usr/, opt/). The extension's tree is the rootfs model itself (packing sets its owners and times); nothing is
/// checked beyond what packing checks, and units imply nothing: --reload is the caller's.
/// </summary>
public sealed class PlainTreeExtensionBuilder : IExtensionBuilder
{
    public string Name => "tree";

    public Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ExtensionBuild { Tree = rootfs.Model });
    }
}
