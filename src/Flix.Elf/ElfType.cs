namespace Flix.Elf;

/// <summary>The object file type (e_type); values outside the named ones pass through as numbers.</summary>
public enum ElfType : ushort
{
    /// <summary>ET_NONE.</summary>
    None = 0,

    /// <summary>ET_REL: an object file.</summary>
    Relocatable = 1,

    /// <summary>ET_EXEC: an executable linked at fixed addresses.</summary>
    Executable = 2,

    /// <summary>ET_DYN: a shared library or a position-independent executable.</summary>
    SharedObject = 3,

    /// <summary>ET_CORE: a core dump.</summary>
    Core = 4,
}
