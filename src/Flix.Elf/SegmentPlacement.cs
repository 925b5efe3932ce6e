namespace Flix.Elf;

/// <summary>
/// Where the segment a patch appends goes: its file offset, its address and its alignment. The offset and the address
/// are congruent modulo the alignment, which is at least the largest page size of the machine.
/// </summary>
internal readonly record struct SegmentPlacement(ulong Offset, ulong Address, ulong Alignment)
{
    /// <summary>
    /// How far the file may grow beyond its end so that the new segment keeps the first segment's distance between
    /// address and offset (old kernels compute AT_PHDR from that distance and e_phoff).
    /// </summary>
    private const ulong MaxCongruencePadding = 1 << 20;

    /// <summary>Alignments above this are not honoured beyond it (as patchelf caps them).</summary>
    private const ulong MaxAlignment = 1 << 24;

    /// <summary>The page size the kernel may use on <paramref name="machine"/>: the largest one, so the file runs with any.</summary>
    public static ulong MaxPageSize(ElfMachine machine) => machine switch
    {
        ElfMachine.AArch64 or ElfMachine.PowerPC or ElfMachine.PowerPC64 or ElfMachine.LoongArch => 0x10000,
        (ElfMachine)8 or (ElfMachine)10 => 0x10000, // MIPS, MIPS RS3000 LE
        (ElfMachine)2 or (ElfMachine)43 => 0x2000, // SPARC, SPARC V9
        _ => 0x1000,
    };

    /// <summary>Chooses the place after every loadable segment and after the end of the file.</summary>
    /// <returns>Null when the loadable segments' addresses overflow.</returns>
    public static SegmentPlacement? Choose(IReadOnlyList<ElfSegment> segments, ElfMachine machine, ulong fileLength)
    {
        ulong alignment = MaxPageSize(machine);
        ulong end = 0;
        ElfSegment? first = null;
        foreach (var segment in segments)
        {
            if (segment.Type != ElfSegmentType.Load)
            {
                continue;
            }

            first ??= segment;
            if (segment.Alignment > alignment && ulong.IsPow2(segment.Alignment))
            {
                alignment = Math.Min(segment.Alignment, MaxAlignment);
            }

            if (segment.MemorySize > ulong.MaxValue - segment.VirtualAddress)
            {
                return null;
            }

            end = Math.Max(end, segment.VirtualAddress + segment.MemorySize);
        }

        if (end > ulong.MaxValue - alignment || fileLength > ulong.MaxValue - alignment)
        {
            return null;
        }

        if (first is { } head && head.VirtualAddress >= head.Offset)
        {
            ulong distance = head.VirtualAddress - head.Offset;
            ulong offset = AlignUp(Math.Max(fileLength, end > distance ? end - distance : 0), alignment);
            if (distance % alignment == 0 && offset - fileLength <= MaxCongruencePadding && offset <= ulong.MaxValue - distance)
            {
                return new SegmentPlacement(offset, offset + distance, alignment);
            }
        }

        return new SegmentPlacement(AlignUp(fileLength, alignment), AlignUp(end, alignment), alignment);
    }

    public static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
}
