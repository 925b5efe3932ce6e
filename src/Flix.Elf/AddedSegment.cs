namespace Flix.Elf;

/// <summary>
/// The segment an earlier patch appended, recognised so that the next patch rewrites it instead of appending another:
/// the file's last bytes, after its section header table (where no linker puts a segment), read-write, above every
/// other loadable address, holding the moved interpreter, string table or dynamic section and nothing else at its end.
/// </summary>
/// <param name="Index">The segment's index in the program header table.</param>
/// <param name="RegionStart">
/// Where, from the segment's start, the moved interpreter, string table and dynamic section begin: the bytes before
/// (a moved program header table and the sections moved out of its way) are kept as they are, the rest is laid out anew.
/// </param>
internal readonly record struct AddedSegment(int Index, ulong RegionStart)
{
    /// <summary>The segment a patch added to <paramref name="file"/>, or null when the file has none Flix can tell.</summary>
    public static AddedSegment? Find(ElfFile file)
    {
        if (!file.HasSectionTable)
        {
            return null;
        }

        int index = -1;
        for (int i = 0; i < file.Segments.Count; i++)
        {
            if (file.Segments[i].Type == ElfSegmentType.Load && (index < 0 || file.Segments[i].Offset > file.Segments[index].Offset))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return null;
        }

        var segment = file.Segments[index];
        ulong fileEnd = (ulong)file.Bytes.Length;
        ulong sectionTableEnd = file.Header.SectionHeaderOffset + ((ulong)file.Sections.Count * file.Header.SectionHeaderEntrySize);
        if (segment.Flags != (ElfSegmentFlags.Read | ElfSegmentFlags.Write) || segment.FileSize != segment.MemorySize
            || segment.FileSize == 0 || segment.Offset + segment.FileSize != fileEnd || segment.Offset < sectionTableEnd
            || file.Segments.Where((_, i) => i != index).Any(other => other.Type == ElfSegmentType.Load
                && (other.Offset + other.FileSize > segment.Offset || other.VirtualAddress + other.MemorySize > segment.VirtualAddress)))
        {
            return null;
        }

        // The region is what the earlier patch moved there; nothing else may share it.
        var moved = new List<(ulong Start, ulong End)>();
        if (file.HasInterpreter && Inside(segment, file.Segments[file.InterpreterSegmentIndex].Offset))
        {
            var interpreter = file.Segments[file.InterpreterSegmentIndex];
            moved.Add((interpreter.Offset, interpreter.Offset + interpreter.FileSize));
        }

        if (file.StringTable is { } table && Inside(segment, table.FileOffset))
        {
            moved.Add((table.FileOffset, table.FileOffset + table.Size));
        }

        if (file.IsDynamic && Inside(segment, file.Segments[file.DynamicSegmentIndex].Offset))
        {
            var dynamic = file.Segments[file.DynamicSegmentIndex];
            moved.Add((dynamic.Offset, dynamic.Offset + dynamic.FileSize));
        }

        if (moved.Count == 0)
        {
            return null;
        }

        ulong start = moved.Min(range => range.Start);
        foreach (var section in file.Sections)
        {
            if (section.Type != ElfSection.NoBitsType && section.Size > 0 && section.Offset + section.Size > start
                && !moved.Contains((section.Offset, section.Offset + section.Size)))
            {
                return null;
            }
        }

        ulong tableEnd = file.Header.ProgramHeaderOffset + ((ulong)file.Header.ProgramHeaderCount * file.Header.ProgramHeaderEntrySize);
        if (tableEnd > start)
        {
            return null; // the program header table itself lies in the region
        }

        for (int i = 0; i < file.Segments.Count; i++)
        {
            var other = file.Segments[i];
            if (i != index && i != file.InterpreterSegmentIndex && i != file.DynamicSegmentIndex && other.FileSize > 0
                && other.Offset + other.FileSize > start)
            {
                return null;
            }
        }

        return new AddedSegment(index, start - segment.Offset);
    }

    /// <summary>The file offset where the region of moved structures begins.</summary>
    public ulong RegionOffset(ElfFile file) => file.Segments[Index].Offset + RegionStart;

    private static bool Inside(ElfSegment segment, ulong offset) => offset >= segment.Offset && offset < segment.Offset + segment.FileSize;
}
