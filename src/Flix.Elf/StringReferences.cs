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

    private static bool Definitions<TDecoder>(ReadOnlySpan<byte> bytes, uint count, List<ulong> offsets)
        where TDecoder : struct, IElfDecoder
    {
        ulong at = 0;
        for (uint i = 0; i < count && i < MaxVersionEntries; i++)
        {
            if (!Fits(bytes, at, StringReferenceFields.VerDef.Size))
            {
                return false;
            }

            var definition = bytes[(int)at..];
            int auxiliaries = TDecoder.ReadUInt16(definition[StringReferenceFields.VerDef.Count..]);
            ulong aux = at + TDecoder.ReadUInt32(definition[StringReferenceFields.VerDef.Aux..]);
            for (int j = 0; j < auxiliaries; j++)
            {
                if (!Fits(bytes, aux, StringReferenceFields.VerDefAux.Size))
                {
                    return false;
                }

                offsets.Add(TDecoder.ReadUInt32(bytes[((int)aux + StringReferenceFields.VerDefAux.Name)..]));
                aux += TDecoder.ReadUInt32(bytes[((int)aux + StringReferenceFields.VerDefAux.Next)..]);
            }

            uint next = TDecoder.ReadUInt32(definition[StringReferenceFields.VerDef.Next..]);
            if (next == 0)
            {
                break;
            }

            at += next;
        }

        return true;
    }

    private static bool Needs<TDecoder>(ReadOnlySpan<byte> bytes, uint count, List<ulong> offsets)
        where TDecoder : struct, IElfDecoder
    {
        ulong at = 0;
        for (uint i = 0; i < count && i < MaxVersionEntries; i++)
        {
            if (!Fits(bytes, at, StringReferenceFields.VerNeed.Size))
            {
                return false;
            }

            var need = bytes[(int)at..];
            offsets.Add(TDecoder.ReadUInt32(need[StringReferenceFields.VerNeed.File..]));
            int auxiliaries = TDecoder.ReadUInt16(need[StringReferenceFields.VerNeed.Count..]);
            ulong aux = at + TDecoder.ReadUInt32(need[StringReferenceFields.VerNeed.Aux..]);
            for (int j = 0; j < auxiliaries; j++)
            {
                if (!Fits(bytes, aux, StringReferenceFields.VerNeedAux.Size))
                {
                    return false;
                }

                offsets.Add(TDecoder.ReadUInt32(bytes[((int)aux + StringReferenceFields.VerNeedAux.Name)..]));
                aux += TDecoder.ReadUInt32(bytes[((int)aux + StringReferenceFields.VerNeedAux.Next)..]);
            }

            uint next = TDecoder.ReadUInt32(need[StringReferenceFields.VerNeed.Next..]);
            if (next == 0)
            {
                break;
            }

            at += next;
        }

        return true;
    }

    private static bool Fits(ReadOnlySpan<byte> bytes, ulong at, int size) => at <= (ulong)bytes.Length && (ulong)size <= (ulong)bytes.Length - at;
}
