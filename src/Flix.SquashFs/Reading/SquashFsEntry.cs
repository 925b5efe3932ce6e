using Flix.Core.Tree;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

/// <summary>One entry of a SquashFS image as <see cref="SquashFsImage.Walk"/> reports it.</summary>
public sealed record SquashFsEntry
{
    /// <summary>Path relative to the root, '/'-separated, without a leading '/'; empty for the root.</summary>
    public required string Path { get; init; }

    public required EntryKind Kind { get; init; }

    /// <summary>The on-disk inode type, basic or extended (which form the writer chose).</summary>
    public required InodeType InodeType { get; init; }

    /// <summary>Permission bits only (mode &amp; 07777).</summary>
    public required uint Mode { get; init; }

    /// <summary>Owner, resolved through the id table.</summary>
    public required uint Uid { get; init; }

    /// <summary>Group, resolved through the id table.</summary>
    public required uint Gid { get; init; }

    /// <summary>Modification time, seconds since the Unix epoch.</summary>
    public required long ModificationTime { get; init; }

    /// <summary>
    /// File size for regular files, target length for symlinks, the inode's file_size (listing bytes + 3, as
    /// unsquashfs prints it) for directories, 0 otherwise.
    /// </summary>
    public required long Size { get; init; }

    /// <summary>The target of a symlink; null for every other kind.</summary>
    public string? LinkTarget { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    /// <summary>The inode number (1..inode_count); entries that share it are hard links.</summary>
    public required uint InodeNumber { get; init; }

    public required uint LinkCount { get; init; }

    /// <summary>Extended attributes by full name ("security.capability"), in ordinal order.</summary>
    public required IReadOnlyDictionary<string, byte[]> Xattrs { get; init; }

    /// <summary>Bytes of a regular file not stored because they are sparse (extended file inodes only, else 0).</summary>
    public ulong SparseBytes { get; init; }

    /// <summary>The parsed inode, so that <see cref="SquashFsImage.OpenFile"/> can find the data.</summary>
    internal Inode? Inode { get; init; }

    /// <summary>The image the entry was read from.</summary>
    internal SquashFsImage? Image { get; init; }
}
