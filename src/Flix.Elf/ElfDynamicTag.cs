namespace Flix.Elf;

/// <summary>Dynamic section tags (d_tag) Flix reads or writes; others pass through as numbers.</summary>
public enum ElfDynamicTag : long
{
    Null = 0,
    Needed = 1,
    StringTable = 5,
    StringTableSize = 10,
    SharedObjectName = 14,
    RPath = 15,
    RunPath = 29,
    Flags = 30,
    Flags1 = 0x6FFFFFFB,
}
