namespace Flix.Oci.Tests.Fixtures;

/// <summary>A single-platform image as stored: manifest, config and layers.</summary>
public sealed record BuiltImage(BlobDescriptor Manifest, BlobDescriptor Config, IReadOnlyList<BuiltLayer> Layers, ImagePlatform Platform);
