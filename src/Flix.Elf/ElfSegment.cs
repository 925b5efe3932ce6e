namespace Flix.Elf;

/// <summary>One program header: a segment of the file as the kernel and the loader see it.</summary>
public readonly record struct ElfSegment(
    ElfSegmentType Type,
    ElfSegmentFlags Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong PhysicalAddress,
    ulong FileSize,
    ulong MemorySize,
    ulong Alignment)
{
    /// <summary>Whether <paramref name="address"/> lies in the part of the segment backed by the file.</summary>
    public bool ContainsFileAddress(ulong address) =>
        address >= VirtualAddress && address - VirtualAddress < FileSize;
}
