namespace Flix.Elf.Structures;

/// <summary>The ELF header's fields after e_ident, decoded.</summary>
internal readonly record struct ElfHeader(
    ElfType Type,
    ElfMachine Machine,
    uint Version,
    ulong Entry,
    ulong ProgramHeaderOffset,
    ulong SectionHeaderOffset,
    uint Flags,
    ushort HeaderSize,
    ushort ProgramHeaderEntrySize,
    ushort ProgramHeaderCount,
    ushort SectionHeaderEntrySize,
    ushort SectionHeaderCount,
    ushort SectionNameTableIndex);
