namespace Flix.Elf;

/// <summary>Where the dynamic string table (DT_STRTAB, DT_STRSZ) lives in memory and in the file.</summary>
internal readonly record struct ElfStringTable(ulong Address, ulong FileOffset, ulong Size);
