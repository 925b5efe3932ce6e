namespace Flix.TestSupport.Oci;

/// <summary>A multi-platform index as stored, with its images in index order.</summary>
public sealed record BuiltIndex(BlobDescriptor Index, IReadOnlyList<BuiltImage> Images);
