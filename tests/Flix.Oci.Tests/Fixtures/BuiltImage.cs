namespace Flix.Oci.Tests.Fixtures;

/// <summary>A layer as stored: its blob and the digest of its uncompressed tar (config <c>rootfs.diff_ids</c>).</summary>
public sealed record BuiltLayer(BlobDescriptor Blob, string DiffId);

/// <summary>A single-platform image as stored: manifest, config and layers.</summary>
public sealed record BuiltImage(BlobDescriptor Manifest, BlobDescriptor Config, IReadOnlyList<BuiltLayer> Layers, ImagePlatform Platform);

/// <summary>A multi-platform index as stored, with its images in index order.</summary>
public sealed record BuiltIndex(BlobDescriptor Index, IReadOnlyList<BuiltImage> Images);
