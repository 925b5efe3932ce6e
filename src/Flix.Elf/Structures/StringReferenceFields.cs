namespace Flix.Elf.Structures;

/// <summary>
/// Where the structures that name strings of DT_STRTAB keep those names: symbols (st_name), version definitions
/// (Elf_Verdef, Elf_Verdaux: vda_name) and version needs (Elf_Verneed: vn_file, Elf_Vernaux: vna_name). The version
/// structures have the same layout in both classes.
/// </summary>
internal static class StringReferenceFields
{
    /// <summary>st_name, the first field of Elf32_Sym and Elf64_Sym.</summary>
    public const int SymbolName = 0;

    public const int Symbol32Size = 16;
    public const int Symbol64Size = 24;

    /// <summary>Elf_Verdef: vd_version, vd_flags, vd_ndx, vd_cnt (2 bytes each), vd_hash, vd_aux, vd_next (4 bytes each).</summary>
    public static class VerDef
    {
        public const int Count = 6;
        public const int Aux = 12;
        public const int Next = 16;
        public const int Size = 20;
    }

    /// <summary>Elf_Verdaux: vda_name, vda_next.</summary>
    public static class VerDefAux
    {
        public const int Name = 0;
        public const int Next = 4;
        public const int Size = 8;
    }

    /// <summary>Elf_Verneed: vn_version, vn_cnt (2 bytes each), vn_file, vn_aux, vn_next (4 bytes each).</summary>
    public static class VerNeed
    {
        public const int Count = 2;
        public const int File = 4;
        public const int Aux = 8;
        public const int Next = 12;
        public const int Size = 16;
    }

    /// <summary>Elf_Vernaux: vna_hash (4), vna_flags, vna_other (2 each), vna_name, vna_next (4 each).</summary>
    public static class VerNeedAux
    {
        public const int Name = 8;
        public const int Next = 12;
        public const int Size = 16;
    }
}
