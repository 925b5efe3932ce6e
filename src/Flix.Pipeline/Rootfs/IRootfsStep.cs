using Flix.Core.Tree;

namespace Flix.Pipeline.Rootfs;

/// <summary>
/// Work on the rootfs between unpacking it and building the extension: installing packages, running a command.
/// Steps run in order; each sees the rootfs the one before left.
/// </summary>
public interface IRootfsStep
{
    /// <summary>What the step does, for progress and messages (e.g. "install jq").</summary>
    string Description { get; }

    /// <summary>
    /// Whether the step will change <paramref name="rootfs"/> on disk. Asked of a <c>dir:</c> folder read in place:
    /// when a step says yes, the folder is copied first and the steps run on the copy, so it is never changed. An image
    /// is always unpacked into the pipeline's own folder.
    /// </summary>
    bool WritesTo(PipelineRootfs rootfs);

    /// <summary>
    /// Runs the step on <paramref name="rootfs"/>; returns the rootfs model afterwards (read again from disk when the
    /// step changed files), or <paramref name="rootfs"/>'s own model when nothing changed.
    /// </summary>
    Task<FileTree> RunAsync(PipelineRootfs rootfs, CancellationToken cancellationToken);
}
