using Flix.Elf.Structures;

namespace Flix.Elf;

/// <summary>
/// An ELF file read into memory: its header, segments, sections and dynamic section, and the facts the Flix builder asks
/// about (interpreter, needed libraries, soname, run paths, flags). Reading never changes the file; <see cref="Patch"/>
/// returns new bytes and <see cref="PatchTo"/> writes them atomically.
/// </summary>
public sealed partial class ElfFile
{
    /// <summary>DF_1_NODEFLIB in DT_FLAGS_1: the loader skips its default library folders for this object.</summary>
    public const ulong NoDefaultLibFlag = 0x800;

    private ElfFile(ReadOnlyMemory<byte> bytes, string fileName, ElfClass elfClass, bool isLittleEndian, ElfHeader header)
    {
        Bytes = bytes;
        FileName = fileName;
        Class = elfClass;
        IsLittleEndian = isLittleEndian;
        Header = header;
    }

    /// <summary>The path or name the file was read from, as used in messages.</summary>
    public string FileName { get; }

    public ElfClass Class { get; }

    public bool IsLittleEndian { get; }

    public ElfType Type => Header.Type;

    public ElfMachine Machine => Header.Machine;

    /// <summary>The program interpreter (PT_INTERP) up to its first NUL, or null for a file without one.</summary>
    public string? Interpreter { get; private set; }

    public bool HasInterpreter => InterpreterSegmentIndex >= 0;

    /// <summary>Whether the file has a dynamic section (PT_DYNAMIC).</summary>
    public bool IsDynamic => DynamicSegmentIndex >= 0;

    /// <summary>The DT_NEEDED names in the order of the dynamic section.</summary>
    public IReadOnlyList<string> Needed { get; private set; } = [];

    /// <summary>DT_SONAME, or null.</summary>
    public string? Soname { get; private set; }

    /// <summary>The first DT_RUNPATH, or null.</summary>
    public string? RunPath { get; private set; }

    /// <summary>The first DT_RPATH, or null.</summary>
    public string? RPath { get; private set; }

    /// <summary>DT_FLAGS, or 0 when absent.</summary>
    public ulong Flags { get; private set; }

    /// <summary>DT_FLAGS_1, or 0 when absent.</summary>
    public ulong Flags1 { get; private set; }

    /// <summary>The program headers in table order.</summary>
    public IReadOnlyList<ElfSegment> Segments { get; private set; } = [];

    /// <summary>The section headers, or none when the file has no usable section header table (a stripped or packed file).</summary>
    public IReadOnlyList<ElfSection> Sections { get; private set; } = [];

    /// <summary>The dynamic section's entries up to (not including) the first DT_NULL.</summary>
    public IReadOnlyList<ElfDynamicEntry> DynamicEntries { get; private set; } = [];

    internal ReadOnlyMemory<byte> Bytes { get; }

    internal ElfHeader Header { get; }

    internal int InterpreterSegmentIndex { get; private set; } = -1;

    internal int DynamicSegmentIndex { get; private set; } = -1;

    /// <summary>How many entries fit in PT_DYNAMIC, terminator included.</summary>
    internal int DynamicCapacity { get; private set; }

    internal ElfStringTable? StringTable { get; private set; }

    /// <summary>Whether <see cref="Sections"/> came from a table that lies inside the file.</summary>
    internal bool HasSectionTable => Sections.Count > 0;
}
