using Flix.Core.Tree;

namespace Flix.Pipeline.Rootfs;

/// <summary>The rootfs as the steps and the builder see it: a folder on disk and its model.</summary>
public sealed record PipelineRootfs
{
    /// <summary>The folder holding the root.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// The root as a model: owners, modes, devices and xattrs as the image says, even where the disk could not take
    /// them; regular files point at the files in <see cref="Directory"/>.
    /// </summary>
    public required FileTree Model { get; init; }

    /// <summary>Where the root came from.</summary>
    public required ExtensionSource Source { get; init; }

    /// <summary>
    /// True when <see cref="Directory"/> is the pipeline's own copy, which steps may change; false when it is a
    /// <c>dir:</c> folder read where it is, which nothing may write to.
    /// </summary>
    public required bool IsPrivateCopy { get; init; }
}
