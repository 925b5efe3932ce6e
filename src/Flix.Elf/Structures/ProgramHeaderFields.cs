namespace Flix.Elf.Structures;

/// <summary>Offsets of a program header's fields per class (p_flags moves to second place in ELF64).</summary>
internal static class ProgramHeaderFields
{
    public static class Elf32
    {
        public const int Type = 0;
        public const int Offset = Type + 4;
        public const int VirtualAddress = Offset + 4;
        public const int PhysicalAddress = VirtualAddress + 4;
        public const int FileSize = PhysicalAddress + 4;
        public const int MemorySize = FileSize + 4;
        public const int Flags = MemorySize + 4;
        public const int Alignment = Flags + 4;
        public const int Size = Alignment + 4;
    }

    public static class Elf64
    {
        public const int Type = 0;
        public const int Flags = Type + 4;
        public const int Offset = Flags + 4;
        public const int VirtualAddress = Offset + 8;
        public const int PhysicalAddress = VirtualAddress + 8;
        public const int FileSize = PhysicalAddress + 8;
        public const int MemorySize = FileSize + 8;
        public const int Alignment = MemorySize + 8;
        public const int Size = Alignment + 8;
    }
}
