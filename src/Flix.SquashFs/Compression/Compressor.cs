namespace Flix.SquashFs.Compression;

/// <summary>
/// One SquashFS compressor. Every block is compressed as a self-contained unit.
/// Implementations are safe to call from several threads at once.
/// </summary>
public abstract class Compressor
{
    public abstract SquashFsCompression Id { get; }

    /// <summary>
    /// The payload of the compressor-options metadata block written after the superblock,
    /// or empty when the image needs none (flag 0x0400 is then left clear).
    /// </summary>
    public virtual ReadOnlyMemory<byte> Options => ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="destination"/> (at least as long as the source).
    /// Returns the compressed length, or 0 when the result would not be smaller than the source,
    /// in which case the caller stores the block uncompressed.
    /// </summary>
    /// <param name="metadata">True for 8 KiB metadata blocks (xz then limits its dictionary to 8 KiB).</param>
    public abstract int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata);

    /// <summary>
    /// Decompresses one block into <paramref name="destination"/> and returns its length.
    /// Malformed input raises <see cref="InvalidDataException"/>.
    /// </summary>
    public abstract int Decompress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>
    /// The compressor for <paramref name="id"/> with the given block size and optional level (mksquashfs defaults when
    /// null: gzip 9, xz preset 6, lz4 fast, zstd 15). For lz4 a level of 2..12 selects the HC encoder at that level.
    /// </summary>
    public static Compressor Create(SquashFsCompression id, int blockSize, int? level = null) => id switch
    {
        SquashFsCompression.Gzip => new GzipCompressor(level ?? GzipCompressor.DefaultLevel),
        SquashFsCompression.Xz => new XzCompressor(blockSize, level ?? XzCompressor.DefaultLevel),
        SquashFsCompression.Lz4 => new Lz4Compressor(level),
        SquashFsCompression.Zstd => new ZstdCompressor(level ?? ZstdCompressor.DefaultLevel),
        _ => throw new NotSupportedException($"The {id} compressor is not available."),
    };
}
