using Flix.Core.Tree;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

/// <summary>One entry of an EROFS image as <see cref="ErofsImage.Walk"/> reports it.</summary>
public sealed record ErofsEntry
{
    /// <summary>Path relative to the root, '/'-separated, without a leading '/'; empty for the root.</summary>
    public required string Path { get; init; }

    public required EntryKind Kind { get; init; }

    /// <summary>Permission bits only (mode &amp; 07777).</summary>
    public required uint Mode { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    /// <summary>Modification time, seconds since the Unix epoch (the image's build time for compact inodes).</summary>
    public required long ModificationTime { get; init; }

    /// <summary>File size for regular files, target length for symlinks, the directory's data size for directories, 0 otherwise.</summary>
    public required long Size { get; init; }

    public string? LinkTarget { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    /// <summary>The inode's number (its 32-byte slot from the metadata block); entries that share it are hard links.</summary>
    public required ulong Nid { get; init; }

    public required uint LinkCount { get; init; }

    /// <summary>How the data is stored.</summary>
    public required ErofsDataLayout DataLayout { get; init; }

    /// <summary>Extended attributes by full name ("security.capability"), in ordinal order.</summary>
    public required IReadOnlyDictionary<string, byte[]> Xattrs { get; init; }

    internal ErofsInode? Inode { get; init; }

    internal ErofsImage? Image { get; init; }
}
