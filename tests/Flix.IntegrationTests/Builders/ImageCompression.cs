namespace Flix.IntegrationTests.Builders;

/// <summary>The SquashFS compressors every builder is tested with; the lower-case name is the tools' spelling.</summary>
public enum ImageCompression
{
    Gzip,
    Xz,
    Lz4,
    Zstd,
}
