using Flix.Fetch;
using Flix.Oci.References;

namespace Flix.Oci.Manifests;

/// <summary>An image resolved for one platform: its manifest, its configuration and its layers in apply order.</summary>
public sealed record ResolvedImage
{
    /// <summary>The image as the source names it (a reference, a layout path and tag, an archive).</summary>
    public required string Description { get; init; }

    /// <summary>The registry reference, when the image came from a registry.</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The digest of the platform's image manifest.</summary>
    public required Digest ManifestDigest { get; init; }

    public required Platform Platform { get; init; }

    public required OciManifest Manifest { get; init; }

    public required OciImageConfig Config { get; init; }

    /// <summary>The layers, bottom first.</summary>
    public required IReadOnlyList<OciDescriptor> Layers { get; init; }
}
