using Flix.Core.Tree;
using Flix.Oci.Layers;
using Flix.Oci.Manifests;

namespace Flix.Oci.Rootfs;

/// <summary>What <see cref="RootfsBuilder"/> made.</summary>
public sealed record RootfsResult
{
    /// <summary>The directory holding the unpacked root (for a <c>dir:</c> source read in place, that folder itself).</summary>
    public required string Directory { get; init; }

    /// <summary>The source as the user named it: an image's description, or <c>dir:PATH</c>.</summary>
    public required string Description { get; init; }

    /// <summary>What kind of source it was: <c>registry</c>, <c>oci</c>, <c>docker-archive</c>, <c>docker-daemon</c> or <c>dir</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The resolved image; null for a <c>dir:</c> source, which is a copied tree, not an image.</summary>
    public required ResolvedImage? Image { get; init; }

    /// <summary>
    /// The root as a model: owners, modes, devices and xattrs as the image says, even where an unprivileged
    /// process could not put them on disk. Regular files point at the unpacked files.
    /// </summary>
    public required FileTree Model { get; init; }

    /// <summary>
    /// The metadata overlay written beside <see cref="Directory"/> (see <c>Flix.Core.Tree.Overlay.MetadataOverlayFile</c>)
    /// when an unprivileged run could not put everything on disk; null otherwise.
    /// </summary>
    public string? OverlayFile { get; init; }

    /// <summary>One result per layer, bottom first; empty for a <c>dir:</c> source.</summary>
    public required IReadOnlyList<LayerApplyResult> Layers { get; init; }
}
