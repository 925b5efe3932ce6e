using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

/// <summary>An inode as read from the image, either form.</summary>
internal sealed record ErofsInode
{
    public required ulong Nid { get; init; }

    /// <summary>The inode's offset in the image file.</summary>
    public required long Position { get; init; }

    /// <summary>32 (compact) or 64 (extended).</summary>
    public required int InodeSize { get; init; }

    public required ErofsDataLayout DataLayout { get; init; }

    /// <summary>The full st_mode: type and permission bits.</summary>
    public required uint Mode { get; init; }

    /// <summary>The bytes of the inline xattr area after the inode, 0 when it has none.</summary>
    public required int XattrSize { get; init; }

    public required long Size { get; init; }

    /// <summary>raw_blkaddr for flat data, rdev for devices, the compressed block count for compressed data.</summary>
    public required uint Union { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public required long ModificationTime { get; init; }

    public required uint LinkCount { get; init; }

    /// <summary>Where inline data or the compression map starts: after the inode and its xattrs.</summary>
    public long DataStart => Position + InodeSize + XattrSize;

    public uint FileType => Mode & UnixFileTypes.Mask;
}
