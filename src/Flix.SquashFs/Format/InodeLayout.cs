namespace Flix.SquashFs.Format;

/// <summary>Byte offsets and fixed sizes of the inode structures (all little-endian, packed), from the start of the inode.</summary>
internal static class InodeLayout
{
    /// <summary>The 16-byte header every inode starts with.</summary>
    public static class Header
    {
        public const int Type = 0;
        public const int Mode = Type + 2;
        public const int Uid = Mode + 2;
        public const int Gid = Uid + 2;
        public const int ModificationTime = Gid + 2;
        public const int InodeNumber = ModificationTime + 4;
        public const int Size = InodeNumber + 4;
    }

    /// <summary>Type 1: basic directory.</summary>
    public static class Directory
    {
        public const int BlockStart = Header.Size;
        public const int LinkCount = BlockStart + 4;
        public const int FileSize = LinkCount + 4;
        public const int Offset = FileSize + 2;
        public const int ParentInode = Offset + 2;
        public const int Size = ParentInode + 4;

        /// <summary>Largest listing size (bytes + 3) the 16-bit field holds.</summary>
        public const int MaxFileSize = ushort.MaxValue;
    }

    /// <summary>Type 8: extended directory, followed by its index entries (see <see cref="DirectoryLayout.Index"/>).</summary>
    public static class ExtendedDirectory
    {
        public const int LinkCount = Header.Size;
        public const int FileSize = LinkCount + 4;
        public const int BlockStart = FileSize + 4;
        public const int ParentInode = BlockStart + 4;
        public const int IndexCount = ParentInode + 4;
        public const int Offset = IndexCount + 2;
        public const int Xattr = Offset + 2;
        public const int Size = Xattr + 4;
    }

    /// <summary>Type 2: basic regular file, followed by the u32 block list.</summary>
    public static class File
    {
        public const int BlocksStart = Header.Size;
        public const int Fragment = BlocksStart + 4;
        public const int FragmentOffset = Fragment + 4;
        public const int FileSize = FragmentOffset + 4;
        public const int Size = FileSize + 4;
    }

    /// <summary>Type 9: extended regular file, followed by the u32 block list.</summary>
    public static class ExtendedFile
    {
        public const int BlocksStart = Header.Size;
        public const int FileSize = BlocksStart + 8;
        public const int Sparse = FileSize + 8;
        public const int LinkCount = Sparse + 8;
        public const int Fragment = LinkCount + 4;
        public const int FragmentOffset = Fragment + 4;
        public const int Xattr = FragmentOffset + 4;
        public const int Size = Xattr + 4;
    }

    /// <summary>Types 3 and 10: symlink; the target follows, then (type 10 only) the xattr index.</summary>
    public static class Symlink
    {
        public const int LinkCount = Header.Size;
        public const int TargetSize = LinkCount + 4;
        public const int Target = TargetSize + 4;

        /// <summary>The fixed part, before the target.</summary>
        public const int Size = Target;

        /// <summary>The xattr index after the target of type 10.</summary>
        public const int XattrSize = 4;

        /// <summary>The longest symlink target unsquashfs accepts.</summary>
        public const int MaxTargetSize = 65535;
    }

    /// <summary>Types 4, 5 and 11, 12: block and character devices.</summary>
    public static class Device
    {
        public const int LinkCount = Header.Size;
        public const int Rdev = LinkCount + 4;
        public const int Size = Rdev + 4;
        public const int Xattr = Size;
        public const int ExtendedSize = Xattr + 4;
    }

    /// <summary>Types 6, 7 and 13, 14: fifos and sockets.</summary>
    public static class Ipc
    {
        public const int LinkCount = Header.Size;
        public const int Size = LinkCount + 4;
        public const int Xattr = Size;
        public const int ExtendedSize = Xattr + 4;
    }

    /// <summary>Size of one block-list word.</summary>
    public const int BlockListEntrySize = 4;
}
