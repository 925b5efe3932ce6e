using Flix.Core.Tree;
using Flix.Oci.Layers;
using Flix.Oci.Manifests;

namespace Flix.Oci.Rootfs;

/// <summary>What <see cref="RootfsBuilder"/> made.</summary>
public sealed record RootfsResult
{
    /// <summary>The directory holding the unpacked root.</summary>
    public required string Directory { get; init; }

    public required ResolvedImage Image { get; init; }

    /// <summary>
    /// The root as a model: owners, modes, devices and xattrs as the image says, even where an unprivileged
    /// process could not put them on disk. Regular files point at the unpacked files.
    /// </summary>
    public required FileTree Model { get; init; }

    /// <summary>One result per layer, bottom first.</summary>
    public required IReadOnlyList<LayerApplyResult> Layers { get; init; }
}
