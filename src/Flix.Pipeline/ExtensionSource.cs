using Flix.Oci.Layers;
using Flix.Oci.Manifests;
using Flix.Oci.Rootfs;

namespace Flix.Pipeline;

/// <summary>Where an extension's rootfs came from: the image as named and, for an image, its digest and platform.</summary>
public sealed record ExtensionSource
{
    /// <summary>The source as the user named it: an image's description, or <c>dir:PATH</c>.</summary>
    public required string Description { get; init; }

    /// <summary><c>registry</c>, <c>oci</c>, <c>docker-archive</c>, <c>docker-daemon</c> or <c>dir</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The resolved image; null for a <c>dir:</c> source.</summary>
    public ResolvedImage? Image { get; init; }

    /// <summary>The image manifest's digest; null for a <c>dir:</c> source.</summary>
    public string? Digest => Image?.ManifestDigest.ToString();

    /// <summary>The platform picked from the image, e.g. linux/amd64; null for a <c>dir:</c> source.</summary>
    public string? Platform => Image?.Platform.ToString();

    /// <summary>One result per layer applied, bottom first; empty for a <c>dir:</c> source.</summary>
    public IReadOnlyList<LayerApplyResult> Layers { get; init; } = [];

    /// <summary>What the layers warned about, in order.</summary>
    public IEnumerable<string> Warnings => Layers.SelectMany(layer => layer.Warnings);

    public static ExtensionSource From(RootfsResult rootfs)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        return new ExtensionSource { Description = rootfs.Description, Kind = rootfs.Source, Image = rootfs.Image, Layers = rootfs.Layers };
    }
}
