namespace Flix.SquashFs.Format;

/// <summary>Byte offsets of the directory, fragment and xattr records (all little-endian, packed).</summary>
internal static class TableLayout
{
    /// <summary>Directory header (12 bytes) that starts each run of entries.</summary>
    public static class DirectoryHeader
    {
        public const int CountMinusOne = 0;
        public const int InodeBlock = 4;
        public const int BaseInodeNumber = 8;
        public const int Size = 12;
    }

    /// <summary>Directory entry (8 bytes, then the name).</summary>
    public static class DirectoryEntry
    {
        public const int Offset = 0;
        public const int InodeDelta = 2;
        public const int Type = 4;
        public const int NameSizeMinusOne = 6;
        public const int Size = 8;
        public const int MaxNameSize = 256;
    }

    /// <summary>Fragment-table entry (16 bytes).</summary>
    public static class Fragment
    {
        public const int Start = 0;
        public const int StoredSize = 8;
        public const int Unused = 12;
        public const int Size = 16;
    }

    /// <summary>Xattr-id table entry (16 bytes).</summary>
    public static class XattrId
    {
        public const int Reference = 0;
        public const int Count = 8;
        public const int Size = 12;
        public const int EntrySize = 16;
    }

    /// <summary>Xattr-id header at xattr_id_table_start (16 bytes), followed by the index array.</summary>
    public static class XattrIdHeader
    {
        public const int KeyValueStart = 0;
        public const int Count = 8;
        public const int Unused = 12;
        public const int Size = 16;
    }

    /// <summary>Xattr key (4 bytes, then the name without prefix) and value (4 bytes, then the value).</summary>
    public static class XattrEntry
    {
        public const int Type = 0;
        public const int NameSize = 2;
        public const int KeySize = 4;
        public const int ValueSizeSize = 4;
        public const ushort PrefixMask = 0x00FF;
        public const int MaxNameSize = 255;
        public const int MaxValueSize = 65536;
    }

    /// <summary>Size of one entry of a lookup table's index array.</summary>
    public const int IndexEntrySize = 8;

    /// <summary>Size of a metadata block header.</summary>
    public const int MetadataHeaderSize = 2;

    /// <summary>Bits 25..31 of a data block size word, which must be zero.</summary>
    public const uint DataSizeReservedBits = 0xFE00_0000;
}
