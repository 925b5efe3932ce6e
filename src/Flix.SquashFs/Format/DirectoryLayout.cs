namespace Flix.SquashFs.Format;

/// <summary>Byte offsets of the directory-table structures and of the directory index (all little-endian, packed).</summary>
internal static class DirectoryLayout
{
    /// <summary>A run header: count − 1, inode block, base inode number.</summary>
    public static class Header
    {
        public const int Count = 0;
        public const int InodeBlock = Count + 4;
        public const int BaseInodeNumber = InodeBlock + 4;
        public const int Size = BaseInodeNumber + 4;
    }

    /// <summary>An entry of a run; the name follows, so <see cref="Name"/> is also the size of the fixed part.</summary>
    public static class Entry
    {
        public const int Offset = 0;
        public const int InodeDelta = Offset + 2;
        public const int Type = InodeDelta + 2;
        public const int NameSize = Type + 2;
        public const int Name = NameSize + 2;

        /// <summary>The longest name an entry holds (its size field stores the length − 1).</summary>
        public const int MaxNameSize = 256;
    }

    /// <summary>A directory-index entry after an extended directory inode; the name follows.</summary>
    public static class Index
    {
        public const int ListingOffset = 0;
        public const int BlockStart = ListingOffset + 4;
        public const int NameSize = BlockStart + 4;
        public const int Name = NameSize + 4;
    }

    /// <summary>Readers stop this many bytes before the directory inode's file_size.</summary>
    public const int SizeBias = 3;

    /// <summary>The most entries one run header may cover.</summary>
    public const int MaxEntriesPerRun = 256;
}
