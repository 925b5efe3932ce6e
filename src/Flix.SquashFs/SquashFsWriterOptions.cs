using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;

namespace Flix.SquashFs;

/// <summary>How <see cref="SquashFsWriter"/> builds an image.</summary>
public sealed record SquashFsWriterOptions
{
    /// <summary>Data block size: a power of two from 4 KiB to 1 MiB.</summary>
    public int BlockSize { get; init; } = SquashFsConstants.DefaultBlockSize;

    public SquashFsCompression Compression { get; init; } = SquashFsCompression.Gzip;

    /// <summary>Compressor level; null takes the mksquashfs default of the compressor.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>
    /// The image time (SOURCE_DATE_EPOCH): written as mkfs_time, and every inode mtime is clamped to it,
    /// so the same tree and timestamp give a byte-identical image.
    /// </summary>
    public uint Timestamp { get; init; }

    /// <summary>Store identical files once.</summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>Write the export table (NFS export), as mksquashfs does by default.</summary>
    public bool Exportable { get; init; } = true;

    /// <summary>How many blocks are compressed at once.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Bytes of file data consumed so far; reported from the writing thread.</summary>
    public IProgress<long>? Progress { get; init; }
}
