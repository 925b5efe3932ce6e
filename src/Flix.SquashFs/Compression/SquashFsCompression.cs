namespace Flix.SquashFs.Compression;

/// <summary>The compressor ids of the superblock.</summary>
public enum SquashFsCompression : ushort
{
    Gzip = 1,
    Xz = 4,
    Lz4 = 5,
    Zstd = 6,
}
