namespace Flix.Elf.Structures;

/// <summary>Offsets of the ELF header's fields after e_ident, per class (addresses and offsets are 4 or 8 bytes).</summary>
internal static class ElfHeaderFields
{
    public const int Type = ElfIdentFields.Length;
    public const int Machine = Type + 2;
    public const int Version = Machine + 2;
    public const int Entry = Version + 4;

    /// <summary>ELFCLASS32: 4-byte e_entry, e_phoff, e_shoff.</summary>
    public static class Elf32
    {
        public const int PhOff = Entry + 4;
        public const int ShOff = PhOff + 4;
        public const int Flags = ShOff + 4;
        public const int EhSize = Flags + 4;
        public const int PhEntSize = EhSize + 2;
        public const int PhNum = PhEntSize + 2;
        public const int ShEntSize = PhNum + 2;
        public const int ShNum = ShEntSize + 2;
        public const int ShStrNdx = ShNum + 2;
        public const int Size = ShStrNdx + 2;
    }

    /// <summary>ELFCLASS64: 8-byte e_entry, e_phoff, e_shoff.</summary>
    public static class Elf64
    {
        public const int PhOff = Entry + 8;
        public const int ShOff = PhOff + 8;
        public const int Flags = ShOff + 8;
        public const int EhSize = Flags + 4;
        public const int PhEntSize = EhSize + 2;
        public const int PhNum = PhEntSize + 2;
        public const int ShEntSize = PhNum + 2;
        public const int ShNum = ShEntSize + 2;
        public const int ShStrNdx = ShNum + 2;
        public const int Size = ShStrNdx + 2;
    }
}
