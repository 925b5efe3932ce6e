namespace Flix.Erofs.Format;

/// <summary>Fixed numbers of the EROFS on-disk format.</summary>
public static class ErofsConstants
{
    /// <summary>The superblock starts 1 KiB into the image (the first KiB is left for a boot sector).</summary>
    public const int SuperblockOffset = 1024;

    public const uint Magic = 0xE0F5E1E2;

    /// <summary>The superblock's base size; extension slots of 16 bytes may follow.</summary>
    public const int SuperblockSize = 128;

    public const int SuperblockSlotSize = 16;

    /// <summary>Inodes are addressed in 32-byte slots from the metadata block (nid = slot number).</summary>
    public const int InodeSlotBits = 5;

    public const int CompactInodeSize = 32;

    public const int ExtendedInodeSize = 64;

    public const int DirentSize = 12;

    public const int MaxNameLength = 255;

    /// <summary>The map header of a compressed inode, 8-aligned after the inode and its xattrs.</summary>
    public const int MapHeaderSize = 8;

    /// <summary>One full (legacy) logical-cluster index.</summary>
    public const int FullIndexSize = 8;

    public const int XattrBodyHeaderSize = 12;

    public const int XattrEntryHeaderSize = 4;

    /// <summary>The largest physical cluster the format allows (1 MiB).</summary>
    public const int MaxPhysicalClusterSize = 1024 * 1024;

    /// <summary>Smallest and largest block sizes this reader accepts (512 B to 64 KiB).</summary>
    public const int MinBlockSizeBits = 9;

    public const int MaxBlockSizeBits = 16;

    /// <summary>In a non-head logical cluster's first delta: the rest is the block count of its physical cluster.</summary>
    public const int BlockCountFlag = 1 << 11;
}
