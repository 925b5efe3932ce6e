using Flix.SquashFs.Compression;

namespace Flix.Sysext;

/// <summary>What the superblock of a SquashFS image says, as <see cref="SysextInspector"/> reports it.</summary>
public sealed record SquashFsFacts
{
    public required SquashFsCompression Compression { get; init; }

    /// <summary>The compressor's name as mksquashfs spells it (gzip, xz, lz4, zstd).</summary>
    public string CompressionName => Compression.ToString().ToLowerInvariant();

    public required int BlockSize { get; init; }

    public required uint InodeCount { get; init; }

    public required uint FragmentCount { get; init; }

    public required int IdCount { get; init; }

    /// <summary>The bytes the file system takes, before the padding to 4 KiB.</summary>
    public required long BytesUsed { get; init; }

    /// <summary>The time mkfs recorded (SOURCE_DATE_EPOCH for reproducible images).</summary>
    public required DateTimeOffset ModificationTime { get; init; }

    /// <summary>The image has an xattr table.</summary>
    public required bool HasXattrs { get; init; }

    /// <summary>The image has an export table (NFS export support).</summary>
    public required bool HasExportTable { get; init; }

    /// <summary>The image has a compressor options block.</summary>
    public required bool HasCompressorOptions { get; init; }
}
