namespace Flix.TestSupport.Oci;

/// <summary>A layer as stored: its blob and the digest of its uncompressed tar (config <c>rootfs.diff_ids</c>).</summary>
public sealed record BuiltLayer(BlobDescriptor Blob, string DiffId);
