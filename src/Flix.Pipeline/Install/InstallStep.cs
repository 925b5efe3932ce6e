using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Install.Steps;
using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Install;

/// <summary>
/// The rootfs step of <c>--install</c>, <c>--run</c> and the automatic NAME package: <see cref="RootfsInstaller"/> run
/// in the pipeline's copy of the rootfs, whose model is read again afterwards with the owners commands gave.
/// </summary>
public sealed class InstallStep(RootfsInstallOptions options) : IRootfsStep
{
    public RootfsInstallOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>What was installed and run, once the step ran in a private copy; null before.</summary>
    public RootfsInstallResult? Result { get; private set; }

    public string Description => Options.Packages.Count > 0 ? "install " + string.Join(" ", Options.Packages)
        : Options.Commands.Count > 0 ? "run commands"
        : "install " + Options.AutoPackage;

    public bool WritesTo(PipelineRootfs rootfs)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        return RootfsInstaller.IsNeeded(rootfs.Directory, rootfs.Model, Options);
    }

    public async Task<FileTree> RunAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        // A folder read in place is never written to (WritesTo said no); the installer itself does nothing when nothing is needed.
        if (!rootfs.IsPrivateCopy)
        {
            return rootfs.Model;
        }

        Result = await RootfsInstaller.RunAsync(rootfs.Directory, rootfs.Model, Options, cancellationToken).ConfigureAwait(false);
        if (!Result.Changed)
        {
            return rootfs.Model;
        }

        var changed = OverlaidDirectoryReader.Read(rootfs.Directory, out _);
        RootfsInstaller.ApplyOwners(changed, Result.ForeignOwners);
        return changed;
    }
}
