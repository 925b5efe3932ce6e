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
    /// Whether the step changes the rootfs on disk. The pipeline then gives it a private copy: an image is unpacked
    /// as always, and a <c>dir:</c> folder is copied first instead of being read in place, so it is never changed.
    /// </summary>
    bool WritesRootfs { get; }

    /// <summary>
    /// Runs the step on <paramref name="rootfs"/>; returns the rootfs model afterwards (read again from disk when the
    /// step changed files), or <paramref name="rootfs"/>'s own model when nothing changed.
    /// </summary>
    Task<FileTree> RunAsync(PipelineRootfs rootfs, CancellationToken cancellationToken);
}
