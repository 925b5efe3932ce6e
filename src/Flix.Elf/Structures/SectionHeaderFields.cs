namespace Flix.Elf.Structures;

/// <summary>Offsets of a section header's fields per class.</summary>
internal static class SectionHeaderFields
{
    public const int Name = 0;
    public const int Type = Name + 4;

    public static class Elf32
    {
        public const int Flags = Type + 4;
        public const int Address = Flags + 4;
        public const int Offset = Address + 4;
        public const int Size = Offset + 4;
        public const int Link = Size + 4;
        public const int Info = Link + 4;
        public const int AddressAlignment = Info + 4;
        public const int EntrySize = AddressAlignment + 4;
        public const int HeaderSize = EntrySize + 4;
    }

    public static class Elf64
    {
        public const int Flags = Type + 4;
        public const int Address = Flags + 8;
        public const int Offset = Address + 8;
        public const int Size = Offset + 8;
        public const int Link = Size + 8;
        public const int Info = Link + 4;
        public const int AddressAlignment = Info + 4;
        public const int EntrySize = AddressAlignment + 8;
        public const int HeaderSize = EntrySize + 8;
    }
}
