namespace Flix.TestSupport.Oci;

/// <summary>A stored blob: media type, <c>sha256:HEX</c> digest and size in bytes.</summary>
public sealed record BlobDescriptor(string MediaType, string Digest, long Size)
{
    /// <summary>The 64 hex digits of <see cref="Digest"/>.</summary>
    public string Hex => Digest["sha256:".Length..];
}
