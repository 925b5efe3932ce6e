namespace Flix.Elf;

/// <summary>The file class (EI_CLASS): the size of addresses and offsets.</summary>
public enum ElfClass : byte
{
    /// <summary>ELFCLASS32: 32-bit addresses and offsets.</summary>
    Elf32 = 1,

    /// <summary>ELFCLASS64: 64-bit addresses and offsets.</summary>
    Elf64 = 2,
}
