namespace Flix.Elf;

/// <summary>Which dynamic tags hold an address (d_ptr) rather than a number, per the gABI and the GNU extensions.</summary>
internal static class DynamicTags
{
    private const long AddressRangeLow = 0x6FFFFE00, AddressRangeHigh = 0x6FFFFEFF;
    private const long VerSym = 0x6FFFFFF0, VerDef = 0x6FFFFFFC, VerNeed = 0x6FFFFFFE;

    public static bool IsAddress(ElfDynamicTag tag) => (long)tag switch
    {
        3 or 4 or 5 or 6 or 7 or 12 or 13 or 17 or 21 or 23 or 25 or 26 or 32 or 34 or 36 => true, // PLTGOT HASH STRTAB SYMTAB RELA INIT FINI REL DEBUG JMPREL INIT_ARRAY FINI_ARRAY PREINIT_ARRAY SYMTAB_SHNDX RELR
        >= AddressRangeLow and <= AddressRangeHigh => true, // GNU_HASH, TLSDESC_*, SYMINFO and the rest of DT_ADDRRNG
        VerSym or VerDef or VerNeed => true,
        _ => false,
    };
}
