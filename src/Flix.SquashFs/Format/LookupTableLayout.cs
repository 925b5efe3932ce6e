namespace Flix.SquashFs.Format;

/// <summary>Byte offsets of the lookup-table entries and of the xattr structures (all little-endian, packed).</summary>
internal static class LookupTableLayout
{
    /// <summary>A fragment-table entry.</summary>
    public static class Fragment
    {
        public const int Start = 0;
        public const int StoredSize = Start + 8;
        public const int Unused = StoredSize + 4;
        public const int Size = Unused + 4;
    }

    /// <summary>An xattr-id-table entry.</summary>
    public static class XattrId
    {
        public const int Reference = 0;
        public const int Count = Reference + 8;
        public const int TotalSize = Count + 4;
        public const int Size = TotalSize + 4;
    }

    /// <summary>The header at xattr_id_table_start, followed by the index of the xattr-id blocks.</summary>
    public static class XattrHeader
    {
        public const int KeyValueStart = 0;
        public const int Count = KeyValueStart + 8;
        public const int Unused = Count + 4;
        public const int Size = Unused + 4;
    }

    /// <summary>A key record of the xattr key/value area; the name (without prefix) follows.</summary>
    public static class XattrKey
    {
        public const int Type = 0;
        public const int NameSize = Type + 2;
        public const int Name = NameSize + 2;

        /// <summary>The bits of the type that select the prefix; <see cref="SquashFsConstants.XattrValueOutOfLine"/> is the only other one.</summary>
        public const ushort PrefixMask = 0x00FF;

        /// <summary>The longest full name, prefix included.</summary>
        public const int MaxNameSize = 255;
    }

    /// <summary>A value record of the xattr key/value area; the value bytes follow.</summary>
    public static class XattrValue
    {
        public const int ValueSize = 0;
        public const int Value = ValueSize + 4;

        /// <summary>The largest value the kernel accepts.</summary>
        public const int MaxValueSize = 65536;
    }

    public const int IdEntrySize = 4;
    public const int ExportEntrySize = 8;

    /// <summary>Size of one entry of a lookup table's index array.</summary>
    public const int IndexEntrySize = 8;
}
