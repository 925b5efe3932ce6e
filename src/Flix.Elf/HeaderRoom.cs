namespace Flix.Elf;

/// <summary>
/// How the program header table grows where it is, so that it stays in the first loadable segment at e_phoff as linkers
/// lay it out (binutils and the kernel's older AT_PHDR computation expect that): the sections right after it move as
/// one block to the new segment, keeping their relative layout, and everything that points into the block follows it.
/// </summary>
/// <param name="Start">The block's first file offset; equal to <paramref name="End"/> when nothing has to move.</param>
/// <param name="End">The file offset after the block.</param>
/// <param name="Address">The block's virtual address.</param>
/// <param name="Alignment">The largest alignment of the block's sections (the block keeps its address modulo this).</param>
internal readonly record struct HeaderRoom(ulong Start, ulong End, ulong Address, ulong Alignment)
{
    private const uint NoteType = 7, HashType = 5, DynSymType = 11, RelaType = 4, RelType = 9, RelrType = 19;
    private const uint GnuHashType = 0x6FFFFFF6, VerDefType = 0x6FFFFFFD, VerNeedType = 0x6FFFFFFE, VerSymType = 0x6FFFFFFF;

    public ulong Length => End - Start;

    /// <summary>Whether a file offset lies in the block.</summary>
    public bool ContainsOffset(ulong offset) => offset >= Start && offset < End;

    /// <summary>Whether a virtual address lies in the block.</summary>
    public bool ContainsAddress(ulong address) => address >= Address && address - Address < Length;

    /// <summary>
    /// Finds the block to move so that <paramref name="newTableSize"/> bytes fit at e_phoff, or null when the table
    /// cannot grow in place (no section headers, the table outside the first segment, a code or data section in the way).
    /// </summary>
    public static HeaderRoom? Find(ElfFile file, ulong newTableSize)
    {
        if (!file.HasSectionTable)
        {
            return null;
        }

        ulong tableStart = file.Header.ProgramHeaderOffset;
        ulong oldEnd = tableStart + ((ulong)file.Header.ProgramHeaderCount * file.Header.ProgramHeaderEntrySize);
        ulong newEnd = tableStart + newTableSize;
        ElfSegment? owner = null;
        foreach (var segment in file.Segments)
        {
            if (segment.Type == ElfSegmentType.Load && segment.Offset <= tableStart && tableStart - segment.Offset < segment.FileSize)
            {
                owner = segment;
                break;
            }
        }

        if (owner is not { } load || !file.InFile(load.Offset, load.FileSize) || newEnd > load.Offset + load.FileSize)
        {
            return null;
        }

        ulong start = ulong.MaxValue;
        ulong cut = newEnd;
        ulong alignment = 1;
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var section in file.Sections)
            {
                if (section.Type == ElfSection.NoBitsType || section.Size == 0 || section.Offset >= cut || section.Offset + section.Size <= oldEnd)
                {
                    continue;
                }

                if (!IsMovable(section) || section.Offset < oldEnd)
                {
                    return null;
                }

                start = Math.Min(start, section.Offset);
                alignment = Math.Max(alignment, section.AddressAlignment);
                if (section.Offset + section.Size > cut)
                {
                    cut = section.Offset + section.Size;
                    grew = true;
                }
            }

            foreach (var segment in file.Segments)
            {
                if (segment.Type is ElfSegmentType.Load or ElfSegmentType.ProgramHeader or ElfSegmentType.GnuStack
                    || segment.FileSize == 0 || segment.Offset >= cut || segment.Offset + segment.FileSize <= oldEnd)
                {
                    continue;
                }

                if (segment.Offset < oldEnd || segment.Type == ElfSegmentType.GnuRelro || segment.Type == ElfSegmentType.Dynamic)
                {
                    return null;
                }

                if (segment.Offset + segment.FileSize > cut)
                {
                    cut = segment.Offset + segment.FileSize;
                    grew = true;
                }
            }
        }

        if (start == ulong.MaxValue)
        {
            // Nothing lies in the way: the table grows into padding.
            return new HeaderRoom(newEnd, newEnd, load.VirtualAddress + (newEnd - load.Offset), 1);
        }

        if (cut > load.Offset + load.FileSize || alignment > SegmentPlacement.MaxPageSize(file.Machine) || !ulong.IsPow2(alignment))
        {
            return null;
        }

        return new HeaderRoom(start, cut, load.VirtualAddress + (start - load.Offset), alignment);
    }

    /// <summary>Sections that only the loader reads, through dynamic tags or program headers, never code by address.</summary>
    private static bool IsMovable(ElfSection section) =>
        (section.Flags & ElfSection.AllocFlag) != 0
        && (section.Flags & WriteFlag) == 0
        && (section.Type is NoteType or HashType or GnuHashType or DynSymType or VerDefType or VerNeedType or VerSymType
            or RelaType or RelType or RelrType or ElfSection.StringTableType
            || (section.Type == ElfSection.ProgBitsType && section.Name == ".interp"));

    private const ulong WriteFlag = 1;
}
