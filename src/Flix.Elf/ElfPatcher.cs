using System.Text;
using Flix.Elf.Structures;

namespace Flix.Elf;

/// <summary>
/// Writes a patched copy of an ELF file. Edits that fit are made in place (a shorter interpreter, a dynamic section with
/// free slots, a string already in DT_STRTAB, a new run path written over an old one that nothing else references).
/// Anything that grows goes into one new read-write PT_LOAD after the end of the file and after every loadable address:
/// the interpreter, the extended string table and the extended dynamic section. The program header table, which gains
/// that entry, grows where it is when the sections right after it can move as a block into the new segment (see
/// <see cref="HeaderRoom"/>); otherwise the table itself moves there. A later patch that has to grow again reuses that
/// segment (<see cref="AddedSegment"/>) rather than adding one, so repeated patches stay bounded. Code, data,
/// relocations, TLS and PT_GNU_RELRO keep their addresses; the old dynamic section is left intact (a static-pie reads
/// it through _DYNAMIC), while a replaced interpreter path and run paths nothing references any more are zeroed;
/// segments, dynamic tags and section headers follow what moved.
/// </summary>
internal static class ElfPatcher<TDecoder>
    where TDecoder : struct, IElfDecoder
{
    /// <summary>The patched bytes, or null when the patch changes nothing.</summary>
    public static byte[]? Apply(ElfFile file, ElfPatch patch)
    {
        var codec = new ElfCodec<TDecoder>(file.Class);
        var added = AddedSegment.Find(file);
        byte[]? interpreter = PlanInterpreter(file, patch);
        DynamicEditor? dynamic = null;
        if (patch.RunPath is not null || patch.RPath is not null || patch.RemoveRunPath || patch.RemoveRPath || patch.SetNoDefaultLib)
        {
            if (!file.IsDynamic)
            {
                ElfThrow.NotSupported(file.FileName, $"it has no dynamic segment (PT_DYNAMIC) to hold a run path or flags: {file.DescribeWithoutDynamic()}");
            }

            // A table in a segment an earlier patch added is laid out anew with its live strings only: there, a new
            // run path is appended rather than written over the old one, which then goes away entirely.
            bool reclaimable = added is { } reused && file.StringTable is { } table && table.FileOffset >= reused.RegionOffset(file);
            dynamic = new DynamicEditor(file, StringReferences.Collect(file, codec), overwrite: !reclaimable);
            dynamic.Apply(patch);
            if (!dynamic.Changed)
            {
                dynamic = null;
            }
        }

        if (interpreter is null && dynamic is null)
        {
            return null;
        }

        var growth = new Growth(
            Interpreter: interpreter is not null && (ulong)interpreter.Length > file.Segments[file.InterpreterSegmentIndex].FileSize,
            Strings: dynamic is { AppendedStrings.Count: > 0 },
            Dynamic: dynamic is not null && dynamic.Entries.Count + 1 > file.DynamicCapacity);
        return growth.Any
            ? Grow(file, codec, interpreter, dynamic, growth, added)
            : EditInPlace(file, codec, interpreter, dynamic);
    }

    /// <summary>The new PT_INTERP contents (path and NUL), or null when the interpreter stays.</summary>
    private static byte[]? PlanInterpreter(ElfFile file, ElfPatch patch)
    {
        if (patch.Interpreter is not { } path)
        {
            return null;
        }

        if (!file.HasInterpreter)
        {
            ElfThrow.NotSupported(file.FileName, "it has no program interpreter (PT_INTERP) to replace");
        }

        return path == file.Interpreter ? null : Encoding.UTF8.GetBytes(path + "\0");
    }

    private static byte[] EditInPlace(ElfFile file, ElfCodec<TDecoder> codec, byte[]? interpreter, DynamicEditor? dynamic)
    {
        byte[] output = file.Bytes.ToArray();
        if (interpreter is not null)
        {
            var segment = file.Segments[file.InterpreterSegmentIndex];
            WriteInterpreter(output.AsSpan((int)segment.Offset, (int)segment.FileSize), interpreter);
        }

        if (dynamic is not null)
        {
            if (dynamic.ChangesStrings)
            {
                dynamic.EditedTable().CopyTo(output, (int)file.StringTable!.Value.FileOffset);
            }

            WriteDynamicInPlace(file, codec, output, dynamic.Entries);
        }

        return output;
    }

    /// <summary>Writes the interpreter path into its old slot, the rest of the slot zeroed.</summary>
    private static void WriteInterpreter(Span<byte> slot, byte[] interpreter)
    {
        slot.Clear();
        interpreter.CopyTo(slot);
    }

    /// <summary>Writes <paramref name="entries"/> over the dynamic section where it is, up to its capacity.</summary>
    private static void WriteDynamicInPlace(ElfFile file, ElfCodec<TDecoder> codec, byte[] output, List<ElfDynamicEntry> entries)
    {
        var segment = file.Segments[file.DynamicSegmentIndex];
        int used = Math.Min(file.DynamicCapacity, Math.Max(entries.Count, file.DynamicEntries.Count) + 1);
        WriteDynamic(codec, output.AsSpan((int)segment.Offset, used * codec.DynamicEntrySize), entries);
    }

    /// <summary>Writes the entries, then DT_NULL up to the end of <paramref name="destination"/>.</summary>
    private static void WriteDynamic(ElfCodec<TDecoder> codec, Span<byte> destination, List<ElfDynamicEntry> entries)
    {
        int size = codec.DynamicEntrySize;
        int slots = destination.Length / size;
        for (int i = 0; i < slots; i++)
        {
            codec.WriteDynamic(destination.Slice(i * size, size), i < entries.Count ? entries[i] : default);
        }
    }

    /// <summary>
    /// Lays out what grew in a segment after everything else: a new PT_LOAD, or the segment an earlier patch added
    /// (<see cref="AddedSegment"/>), whose interpreter, string table and dynamic section are then laid out anew with
    /// the rest, the table cut to its live strings, so that repeated patches do not add segments or keep old strings.
    /// </summary>
    private static byte[] Grow(ElfFile file, ElfCodec<TDecoder> codec, byte[]? interpreter, DynamicEditor? dynamic, Growth growth, AddedSegment? added)
    {
        ulong regionStart = added?.RegionOffset(file) ?? ulong.MaxValue;
        bool InRegion(ulong offset) => offset >= regionStart;

        // What lies in the region of a reused segment moves with what grows.
        var oldInterpreter = file.HasInterpreter ? file.Segments[file.InterpreterSegmentIndex] : default;
        var oldDynamic = file.IsDynamic ? file.Segments[file.DynamicSegmentIndex] : default;
        bool moveInterpreter = growth.Interpreter || (file.HasInterpreter && InRegion(oldInterpreter.Offset));
        bool moveStrings = growth.Strings || (file.StringTable is { } current && InRegion(current.FileOffset));
        bool moveDynamic = growth.Dynamic || (file.IsDynamic && InRegion(oldDynamic.Offset));
        if (moveInterpreter && interpreter is null)
        {
            interpreter = file.Bytes.Span.Slice((int)oldInterpreter.Offset, (int)oldInterpreter.FileSize).ToArray();
        }

        var entries = dynamic?.Entries ?? (file.IsDynamic ? [.. file.DynamicEntries] : null);
        byte[]? table = file.StringTable is { } liveTable
            ? dynamic?.EditedTable() ?? file.Bytes.Span.Slice((int)liveTable.FileOffset, (int)liveTable.Size).ToArray()
            : null;

        // A table the earlier patch copied keeps only its live strings: the run paths it replaced are dropped.
        ulong keptStrings = table is null ? 0 : (ulong)table.Length;
        if (moveStrings && dynamic is not null && table is not null && InRegion(file.StringTable!.Value.FileOffset))
        {
            keptStrings = dynamic.LiveLength(table);
            dynamic.Rebase(keptStrings);
        }

        SegmentPlacement place;
        HeaderRoom? room = null;
        int phnum;
        ulong tableSize = 0, position;
        bool tableInSegment = false;
        if (added is { } reuse)
        {
            var segment = file.Segments[reuse.Index];
            place = new SegmentPlacement(segment.Offset, segment.VirtualAddress, segment.Alignment);
            phnum = file.Header.ProgramHeaderCount;
            position = reuse.RegionStart;
        }
        else
        {
            if (file.Header.ProgramHeaderCount >= 0xFFFE)
            {
                ElfThrow.Format(file.FileName, file.Header.ProgramHeaderOffset, "the program header table is full and cannot take a new segment");
            }

            place = SegmentPlacement.Choose(file.Segments, file.Machine, (ulong)file.Bytes.Length)
                ?? ElfThrow.Format<SegmentPlacement>(file.FileName, file.Header.ProgramHeaderOffset, "the loadable segments' addresses overflow");

            // The new segment's contents, at offsets from its start: the program header table unless it grows where it is,
            // the block of sections moved out of its way, then what grew.
            phnum = file.Header.ProgramHeaderCount + 1;
            tableSize = (ulong)(phnum * codec.ProgramHeaderSize);
            room = HeaderRoom.Find(file, tableSize);
            tableInSegment = room is null;
            position = tableInSegment ? tableSize : 0;
        }

        ulong blockAt = 0, interpreterAt = 0, stringsAt = 0, dynamicAt = 0, stringsSize = 0;
        if (room is { Length: > 0 } block)
        {
            ulong misalignment = (block.Address - (place.Address + position)) & (block.Alignment - 1);
            blockAt = position + misalignment;
            position = blockAt + block.Length;
        }

        if (moveInterpreter)
        {
            interpreterAt = position;
            position += (ulong)interpreter!.Length;
        }

        if (moveStrings)
        {
            stringsAt = position;
            stringsSize = keptStrings + (ulong)(dynamic?.AppendedStrings.Count ?? 0);
            position += stringsSize;
        }

        int dynamicSlots = 0;
        if (moveDynamic)
        {
            position = SegmentPlacement.AlignUp(position, (ulong)codec.WordSize);
            dynamicAt = position;
            dynamicSlots = entries!.Count + 1;
            position += (ulong)(dynamicSlots * codec.DynamicEntrySize);
        }

        ulong segmentSize = position;
        ulong limit = codec.Is64 ? ulong.MaxValue : uint.MaxValue;
        if (place.Address > limit - segmentSize || place.Offset > (ulong)Array.MaxLength - segmentSize)
        {
            ElfThrow.Format(file.FileName, null, $"there is no room for a new {segmentSize}-byte segment after address 0x{place.Address:x}");
        }

        var mover = new BlockMover(room, place, blockAt);
        if (entries is not null)
        {
            RetargetDynamic(file, entries, mover, moveStrings ? place.Address + stringsAt : null, stringsSize);
        }

        byte[] output = new byte[place.Offset + segmentSize];
        file.Bytes.Span[..(int)Math.Min((ulong)file.Bytes.Length, Math.Min(regionStart, place.Offset + segmentSize))].CopyTo(output);
        var segmentBytes = output.AsSpan((int)place.Offset, (int)segmentSize);
        if (room is { Length: > 0 } moved)
        {
            file.Bytes.Span.Slice((int)moved.Start, (int)moved.Length).CopyTo(segmentBytes[(int)blockAt..]);
        }

        // Program headers: the table itself, moved segments, and the new PT_LOAD after the last one (or the reused one resized).
        var headers = new List<ElfSegment>(phnum);
        int lastLoad = -1;
        for (int i = 0; i < file.Segments.Count; i++)
        {
            var segment = file.Segments[i];
            if (added is { } reused2 && i == reused2.Index)
            {
                headers.Add(segment with { FileSize = segmentSize, MemorySize = segmentSize });
            }
            else if (segment.Type == ElfSegmentType.Load)
            {
                lastLoad = i;
                headers.Add(segment);
            }
            else if (segment.Type == ElfSegmentType.ProgramHeader && added is null)
            {
                headers.Add(tableInSegment ? Place(segment, place, 0, tableSize) : segment with { FileSize = tableSize, MemorySize = tableSize });
            }
            else if (moveInterpreter && i == file.InterpreterSegmentIndex)
            {
                headers.Add(Place(segment, place, interpreterAt, (ulong)interpreter!.Length));
            }
            else if (moveDynamic && i == file.DynamicSegmentIndex)
            {
                headers.Add(Place(segment, place, dynamicAt, (ulong)(dynamicSlots * codec.DynamicEntrySize)));
            }
            else
            {
                headers.Add(mover.Move(segment));
            }
        }

        if (added is null)
        {
            headers.Insert(lastLoad + 1, new ElfSegment(
                ElfSegmentType.Load, ElfSegmentFlags.Read | ElfSegmentFlags.Write,
                place.Offset, place.Address, place.Address, segmentSize, segmentSize, place.Alignment));
        }

        ulong tableOffset = tableInSegment ? place.Offset : file.Header.ProgramHeaderOffset;
        var headerTable = output.AsSpan((int)tableOffset, phnum * codec.ProgramHeaderSize);
        for (int i = 0; i < headers.Count; i++)
        {
            codec.WriteSegment(headerTable.Slice(i * codec.ProgramHeaderSize, codec.ProgramHeaderSize), headers[i]);
        }

        codec.WriteProgramHeaderTable(output, tableOffset, (ushort)phnum);

        if (interpreter is not null)
        {
            if (moveInterpreter)
            {
                interpreter.CopyTo(segmentBytes[(int)interpreterAt..]);
                if (!InRegion(oldInterpreter.Offset))
                {
                    // The old path is no longer read by anyone: do not leave it readable.
                    output.AsSpan((int)mover.MapOffset(oldInterpreter.Offset), (int)oldInterpreter.FileSize).Clear();
                }
            }
            else
            {
                WriteInterpreter(output.AsSpan((int)mover.MapOffset(oldInterpreter.Offset), (int)oldInterpreter.FileSize), interpreter);
            }
        }

        if (table is not null)
        {
            var strings = file.StringTable!.Value;
            if (moveStrings)
            {
                var target = segmentBytes.Slice((int)stringsAt, (int)stringsSize);
                table.AsSpan(0, (int)keptStrings).CopyTo(target);
                for (int i = 0; i < (dynamic?.AppendedStrings.Count ?? 0); i++)
                {
                    target[(int)keptStrings + i] = dynamic!.AppendedStrings[i];
                }
            }

            if ((!moveStrings || !InRegion(strings.FileOffset)) && dynamic is { ChangesStrings: true })
            {
                // The table where it is (the live one, or the copy left behind) loses the strings replaced or dropped.
                table.CopyTo(output, (int)mover.MapOffset(strings.FileOffset));
            }
        }

        if (entries is not null)
        {
            if (moveDynamic)
            {
                WriteDynamic(codec, segmentBytes.Slice((int)dynamicAt, dynamicSlots * codec.DynamicEntrySize), entries);
            }
            else
            {
                WriteDynamicInPlace(file, codec, output, entries);
            }
        }

        UpdateSections(file, codec, output, place, mover, moveInterpreter ? (interpreterAt, (ulong)interpreter!.Length) : null,
            moveStrings ? (stringsAt, stringsSize) : null, moveDynamic ? (dynamicAt, (ulong)(dynamicSlots * codec.DynamicEntrySize)) : null);
        return output;
    }

    /// <summary>Points address tags into the moved block at its new place, and DT_STRTAB/DT_STRSZ at a moved string table.</summary>
    private static void RetargetDynamic(ElfFile file, List<ElfDynamicEntry> entries, BlockMover mover, ulong? stringsAddress, ulong stringsSize)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (DynamicTags.IsAddress(entries[i].Tag))
            {
                entries[i] = entries[i] with { Value = mover.MapAddress(entries[i].Value) };
            }
        }

        if (stringsAddress is not { } address)
        {
            return;
        }

        int strtab = entries.FindIndex(entry => entry.Tag == ElfDynamicTag.StringTable);
        int strsz = entries.FindIndex(entry => entry.Tag == ElfDynamicTag.StringTableSize);
        if (strtab < 0 || strsz < 0)
        {
            ElfThrow.Format(file.FileName, file.Segments[file.DynamicSegmentIndex].Offset, "the dynamic section lacks DT_STRTAB or DT_STRSZ to extend");
        }

        entries[strtab] = entries[strtab] with { Value = address };
        entries[strsz] = entries[strsz] with { Value = stringsSize };
    }

    private static ElfSegment Place(ElfSegment segment, SegmentPlacement place, ulong at, ulong size) => segment with
    {
        Offset = place.Offset + at,
        VirtualAddress = place.Address + at,
        PhysicalAddress = place.Address + at,
        FileSize = size,
        MemorySize = size,
    };

    /// <summary>Points the section headers of moved sections at their new place, when the table is usable.</summary>
    private static void UpdateSections(
        ElfFile file, ElfCodec<TDecoder> codec, byte[] output, SegmentPlacement place, BlockMover mover,
        (ulong At, ulong Size)? interpreter, (ulong At, ulong Size)? strings, (ulong At, ulong Size)? dynamic)
    {
        if (!file.HasSectionTable)
        {
            return;
        }

        var oldInterpreter = file.HasInterpreter ? file.Segments[file.InterpreterSegmentIndex] : default;
        var oldDynamic = file.IsDynamic ? file.Segments[file.DynamicSegmentIndex] : default;
        ulong oldStrings = file.StringTable?.Address ?? 0;
        int size = codec.SectionHeaderSize;
        for (int i = 0; i < file.Sections.Count; i++)
        {
            var section = file.Sections[i];
            var header = output.AsSpan((int)file.Header.SectionHeaderOffset + (i * size), size);
            (ulong At, ulong Size)? target = null;
            if (interpreter is not null && section.Type == ElfSection.ProgBitsType
                && section.Address == oldInterpreter.VirtualAddress && section.Offset == oldInterpreter.Offset)
            {
                target = interpreter;
            }
            else if (strings is not null && section.Type == ElfSection.StringTableType
                && (section.Flags & ElfSection.AllocFlag) != 0 && section.Address == oldStrings)
            {
                target = strings;
            }
            else if (dynamic is not null && section.Type == ElfSection.DynamicType && section.Address == oldDynamic.VirtualAddress)
            {
                target = dynamic;
            }

            if (target is { } moved)
            {
                codec.WriteSectionPlacement(header, place.Address + moved.At, place.Offset + moved.At, moved.Size);
            }
            else if (section.Type != ElfSection.NoBitsType && section.Size > 0 && mover.ContainsOffset(section.Offset))
            {
                codec.WriteSectionPlacement(header, mover.MapAddress(section.Address), mover.MapOffset(section.Offset), section.Size);
            }
        }
    }

    /// <summary>What a patch makes larger than its place in the file.</summary>
    private readonly record struct Growth(bool Interpreter, bool Strings, bool Dynamic)
    {
        public bool Any => Interpreter || Strings || Dynamic;
    }
}
