namespace Flix.TestSupport.Oci;

/// <summary>A single-platform image as stored: manifest, config and layers.</summary>
public sealed record BuiltImage(BlobDescriptor Manifest, BlobDescriptor Config, IReadOnlyList<BuiltLayer> Layers, ImagePlatform Platform);
