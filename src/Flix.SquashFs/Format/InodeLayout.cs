namespace Flix.SquashFs.Format;

/// <summary>Byte offsets and sizes of the inode structures (all little-endian, packed), from the start of the inode.</summary>
internal static class InodeLayout
{
    // Common header (16 bytes).
    public const int Type = 0;
    public const int Mode = 2;
    public const int Uid = 4;
    public const int Gid = 6;
    public const int ModificationTime = 8;
    public const int InodeNumber = 12;
    public const int HeaderSize = 16;

    /// <summary>Type 1: basic directory.</summary>
    public static class Directory
    {
        public const int BlockStart = 16;
        public const int LinkCount = 20;
        public const int FileSize = 24;
        public const int Offset = 26;
        public const int ParentInode = 28;
        public const int Size = 32;
    }

    /// <summary>Type 8: extended directory; directory-index entries follow.</summary>
    public static class ExtendedDirectory
    {
        public const int LinkCount = 16;
        public const int FileSize = 20;
        public const int BlockStart = 24;
        public const int ParentInode = 28;
        public const int IndexCount = 32;
        public const int Offset = 34;
        public const int Xattr = 36;
        public const int Size = 40;
    }

    /// <summary>Type 2: basic file; the u32 block list follows.</summary>
    public static class File
    {
        public const int BlocksStart = 16;
        public const int Fragment = 20;
        public const int FragmentOffset = 24;
        public const int FileSize = 28;
        public const int Size = 32;
    }

    /// <summary>Type 9: extended file; the u32 block list follows.</summary>
    public static class ExtendedFile
    {
        public const int BlocksStart = 16;
        public const int FileSize = 24;
        public const int Sparse = 32;
        public const int LinkCount = 40;
        public const int Fragment = 44;
        public const int FragmentOffset = 48;
        public const int Xattr = 52;
        public const int Size = 56;
    }

    /// <summary>Types 3 and 10: symlink; the target follows, then (type 10) a u32 xattr index.</summary>
    public static class Symlink
    {
        public const int LinkCount = 16;
        public const int TargetSize = 20;
        public const int Size = 24;
    }

    /// <summary>Types 4, 5 and 11, 12: block and character devices.</summary>
    public static class Device
    {
        public const int LinkCount = 16;
        public const int Rdev = 20;
        public const int Size = 24;
        public const int ExtendedXattr = 24;
        public const int ExtendedSize = 28;
    }

    /// <summary>Types 6, 7 and 13, 14: fifos and sockets.</summary>
    public static class Ipc
    {
        public const int LinkCount = 16;
        public const int Size = 20;
        public const int ExtendedXattr = 20;
        public const int ExtendedSize = 24;
    }

    /// <summary>Size of one block-list word.</summary>
    public const int BlockListEntrySize = 4;

    /// <summary>Size of a directory-index entry before its name.</summary>
    public const int DirectoryIndexEntrySize = 12;

    /// <summary>The longest symlink target unsquashfs accepts.</summary>
    public const int MaxSymlinkTarget = 65535;
}
