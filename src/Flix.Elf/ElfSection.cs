namespace Flix.Elf;

/// <summary>One section header, with its name resolved from the section name table (empty when it cannot be).</summary>
public readonly record struct ElfSection(
    string Name,
    uint NameOffset,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlignment,
    ulong EntrySize)
{
    /// <summary>SHT_NOBITS: the section occupies no bytes in the file.</summary>
    public const uint NoBitsType = 8;

    /// <summary>SHT_STRTAB.</summary>
    public const uint StringTableType = 3;

    /// <summary>SHT_DYNAMIC.</summary>
    public const uint DynamicType = 6;

    /// <summary>SHT_PROGBITS.</summary>
    public const uint ProgBitsType = 1;

    /// <summary>SHF_ALLOC: the section is in memory at run time.</summary>
    public const ulong AllocFlag = 2;
}
