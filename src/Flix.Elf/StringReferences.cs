using Flix.Elf.Structures;

namespace Flix.Elf;

/// <summary>
/// Every offset into the dynamic string table that something other than the dynamic section holds: symbol names
/// (.dynsym), version definition and need names (.gnu.version_d, .gnu.version_r). With the dynamic section's own
/// string entries this says whether a string is shared (linkers merge a string into the tail of another, so a name
/// may point into the middle of a run path) and how much of the table is alive.
/// </summary>
/// <remarks>
/// Collected only from a section header table that can be trusted to tell: when the table is missing, or a section
/// the reader does not know links to the string table, or a structure runs out of its section, the references are
/// unknown and no string may be overwritten or dropped.
/// </remarks>
internal sealed class StringReferences
{
    private const uint DynSymType = 11, VerDefType = 0x6FFFFFFD, VerNeedType = 0x6FFFFFFE;

    /// <summary>The most version entries walked in one section (a loop of vn_next would be endless).</summary>
    private const int MaxVersionEntries = 1 << 16;

    private static readonly VersionLayout DefinitionLayout = new(
        StringReferenceFields.VerDef.Size, StringReferenceFields.VerDef.Count, StringReferenceFields.VerDef.Aux, StringReferenceFields.VerDef.Next,
        null, StringReferenceFields.VerDefAux.Size, StringReferenceFields.VerDefAux.Name, StringReferenceFields.VerDefAux.Next);

    private static readonly VersionLayout NeedLayout = new(
        StringReferenceFields.VerNeed.Size, StringReferenceFields.VerNeed.Count, StringReferenceFields.VerNeed.Aux, StringReferenceFields.VerNeed.Next,
        StringReferenceFields.VerNeed.File, StringReferenceFields.VerNeedAux.Size, StringReferenceFields.VerNeedAux.Name, StringReferenceFields.VerNeedAux.Next);

    private readonly List<ulong> _offsets;

    private StringReferences(List<ulong> offsets) => _offsets = offsets;

    /// <summary>The references of <paramref name="file"/> outside its dynamic section, or null when they cannot be known.</summary>
    public static StringReferences? Collect<TDecoder>(ElfFile file, ElfCodec<TDecoder> codec)
        where TDecoder : struct, IElfDecoder
    {
        if (file.StringTable is not { } table || !file.HasSectionTable)
        {
            return null;
        }

        int tableIndex = -1;
        for (int i = 0; i < file.Sections.Count; i++)
        {
            var section = file.Sections[i];
            if (section.Type == ElfSection.StringTableType && (section.Flags & ElfSection.AllocFlag) != 0 && section.Address == table.Address)
            {
                tableIndex = i;
                break;
            }
        }

        if (tableIndex < 0)
        {
            return null;
        }

        var offsets = new List<ulong>();
        foreach (var section in file.Sections)
        {
            if (section.Link != (uint)tableIndex || section.Type == ElfSection.DynamicType)
            {
                continue;
            }

            if (section.Type == ElfSection.NoBitsType || !file.InFile(section.Offset, section.Size))
            {
                return null;
            }

            var bytes = file.Bytes.Span.Slice((int)section.Offset, (int)section.Size);
            bool known = section.Type switch
            {
                DynSymType => Symbols<TDecoder>(bytes, codec.Is64 ? StringReferenceFields.Symbol64Size : StringReferenceFields.Symbol32Size, offsets),
                VerDefType => Definitions<TDecoder>(bytes, section.Info, offsets),
                VerNeedType => Needs<TDecoder>(bytes, section.Info, offsets),
                _ => false,
            };
            if (!known)
            {
                return null;
            }
        }

        return new StringReferences(offsets);
    }

    /// <summary>Whether any of these references, or of <paramref name="entries"/>, points into [start, end] (the end is the string's NUL).</summary>
    public bool AnyWithin(ulong start, ulong end, IEnumerable<ElfDynamicEntry> entries) =>
        _offsets.Any(offset => offset >= start && offset <= end)
        || entries.Any(entry => IsStringTag(entry.Tag) && entry.Value >= start && entry.Value <= end);

    /// <summary>The length of <paramref name="table"/> that holds every referenced string: what follows is dead.</summary>
    public ulong LiveLength(ReadOnlySpan<byte> table, IEnumerable<ElfDynamicEntry> entries)
    {
        ulong live = 1; // offset 0 is the empty string every table starts with
        foreach (var offset in _offsets.Concat(entries.Where(entry => IsStringTag(entry.Tag)).Select(entry => entry.Value)))
        {
            if (offset >= (ulong)table.Length)
            {
                continue;
            }

            int end = table[(int)offset..].IndexOf((byte)0);
            live = Math.Max(live, end < 0 ? (ulong)table.Length : offset + (ulong)end + 1);
        }

        return Math.Min(live, (ulong)table.Length);
    }

    /// <summary>The dynamic tags whose value is an offset into DT_STRTAB.</summary>
    public static bool IsStringTag(ElfDynamicTag tag) => (long)tag switch
    {
        1 or 14 or 15 or 29 => true, // NEEDED SONAME RPATH RUNPATH
        0x7FFFFFFD or 0x7FFFFFFF => true, // AUXILIARY FILTER
        0x6FFFFEFA or 0x6FFFFEFB or 0x6FFFFEFC => true, // CONFIG DEPAUDIT AUDIT
        _ => false,
    };

    private static bool Symbols<TDecoder>(ReadOnlySpan<byte> bytes, int size, List<ulong> offsets)
        where TDecoder : struct, IElfDecoder
    {
        for (int at = 0; at + size <= bytes.Length; at += size)
        {
            offsets.Add(TDecoder.ReadUInt32(bytes[(at + StringReferenceFields.SymbolName)..]));
        }

        return true;
    }

    /// <summary>Version definitions: the vda_name of each Elf_Verdaux of each Elf_Verdef.</summary>
    private static bool Definitions<TDecoder>(ReadOnlySpan<byte> bytes, uint count, List<ulong> offsets)
        where TDecoder : struct, IElfDecoder =>
        Versions<TDecoder>(bytes, count, offsets, DefinitionLayout);

    /// <summary>Version needs: the vn_file of each Elf_Verneed and the vna_name of each of its Elf_Vernaux.</summary>
    private static bool Needs<TDecoder>(ReadOnlySpan<byte> bytes, uint count, List<ulong> offsets)
        where TDecoder : struct, IElfDecoder =>
        Versions<TDecoder>(bytes, count, offsets, NeedLayout);

    /// <summary>
    /// Walks a chain of version entries (each with a chain of auxiliary entries), as the loader does: by the offsets
    /// to the next entry, up to <paramref name="count"/> entries; false when an entry runs out of the section.
    /// </summary>
    private static bool Versions<TDecoder>(ReadOnlySpan<byte> bytes, uint count, List<ulong> offsets, VersionLayout layout)
        where TDecoder : struct, IElfDecoder
    {
        ulong at = 0;
        for (uint i = 0; i < count && i < MaxVersionEntries; i++)
        {
            if (!Fits(bytes, at, layout.Size))
            {
                return false;
            }

            var entry = bytes[(int)at..];
            if (layout.Name is { } name)
            {
                offsets.Add(TDecoder.ReadUInt32(entry[name..]));
            }

            int auxiliaries = TDecoder.ReadUInt16(entry[layout.Count..]);
            ulong aux = at + TDecoder.ReadUInt32(entry[layout.Aux..]);
            for (int j = 0; j < auxiliaries; j++)
            {
                if (!Fits(bytes, aux, layout.AuxSize))
                {
                    return false;
                }

                offsets.Add(TDecoder.ReadUInt32(bytes[((int)aux + layout.AuxName)..]));
                aux += TDecoder.ReadUInt32(bytes[((int)aux + layout.AuxNext)..]);
            }

            uint next = TDecoder.ReadUInt32(entry[layout.Next..]);
            if (next == 0)
            {
                break;
            }

            at += next;
        }

        return true;
    }

    private static bool Fits(ReadOnlySpan<byte> bytes, ulong at, int size) => at <= (ulong)bytes.Length && (ulong)size <= (ulong)bytes.Length - at;

    /// <summary>Where a kind of version entry keeps its fields: its size, aux count, aux offset, next offset and own name.</summary>
    private sealed record VersionLayout(int Size, int Count, int Aux, int Next, int? Name, int AuxSize, int AuxName, int AuxNext);
}
