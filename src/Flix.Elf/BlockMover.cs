namespace Flix.Elf;

/// <summary>Maps file offsets and addresses inside the block moved out of the program header table's way to their new place.</summary>
internal readonly struct BlockMover(HeaderRoom? room, SegmentPlacement place, ulong blockAt)
{
    public bool ContainsOffset(ulong offset) => room is { Length: > 0 } block && block.ContainsOffset(offset);

    public ulong MapOffset(ulong offset) =>
        room is { Length: > 0 } block && block.ContainsOffset(offset) ? offset - block.Start + place.Offset + blockAt : offset;

    public ulong MapAddress(ulong address) =>
        room is { Length: > 0 } block && block.ContainsAddress(address) ? address - block.Address + place.Address + blockAt : address;

    /// <summary>A segment that lies wholly inside the block moves with it (notes, PT_INTERP, PT_GNU_PROPERTY).</summary>
    public ElfSegment Move(ElfSegment segment)
    {
        if (room is not { Length: > 0 } block || segment.Type == ElfSegmentType.Load || segment.FileSize == 0
            || !block.ContainsOffset(segment.Offset) || segment.Offset + segment.FileSize > block.End)
        {
            return segment;
        }

        ulong address = MapAddress(segment.VirtualAddress);
        return segment with
        {
            Offset = MapOffset(segment.Offset),
            VirtualAddress = address,
            PhysicalAddress = segment.PhysicalAddress + (address - segment.VirtualAddress),
        };
    }
}
