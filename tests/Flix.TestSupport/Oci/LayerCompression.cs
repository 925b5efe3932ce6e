namespace Flix.TestSupport.Oci;

/// <summary>How a layer blob is stored: plain tar, gzip (in-process) or zstd (the <c>zstd</c> program).</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
