namespace Flix.Elf.Structures;

/// <summary>
/// Reads and writes the ELF structures of one class in the byte order of <typeparamref name="TDecoder"/>:
/// the one place that knows where each field sits.
/// </summary>
internal readonly struct ElfCodec<TDecoder>(ElfClass elfClass)
    where TDecoder : struct, IElfDecoder
{
    public bool Is64 { get; } = elfClass == ElfClass.Elf64;

    public int HeaderSize => Is64 ? ElfHeaderFields.Elf64.Size : ElfHeaderFields.Elf32.Size;

    public int ProgramHeaderSize => Is64 ? ProgramHeaderFields.Elf64.Size : ProgramHeaderFields.Elf32.Size;

    public int SectionHeaderSize => Is64 ? SectionHeaderFields.Elf64.HeaderSize : SectionHeaderFields.Elf32.HeaderSize;

    public int DynamicEntrySize => Is64 ? DynamicEntryFields.Elf64.Size : DynamicEntryFields.Elf32.Size;

    /// <summary>The size of an address or offset: 4 or 8 bytes.</summary>
    public int WordSize => Is64 ? 8 : 4;

    public ElfHeader ReadHeader(ReadOnlySpan<byte> source)
    {
        var type = (ElfType)TDecoder.ReadUInt16(source[ElfHeaderFields.Type..]);
        var machine = (ElfMachine)TDecoder.ReadUInt16(source[ElfHeaderFields.Machine..]);
        uint version = TDecoder.ReadUInt32(source[ElfHeaderFields.Version..]);
        return Is64
            ? new ElfHeader(
                type, machine, version,
                TDecoder.ReadUInt64(source[ElfHeaderFields.Entry..]),
                TDecoder.ReadUInt64(source[ElfHeaderFields.Elf64.PhOff..]),
                TDecoder.ReadUInt64(source[ElfHeaderFields.Elf64.ShOff..]),
                TDecoder.ReadUInt32(source[ElfHeaderFields.Elf64.Flags..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.EhSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.PhEntSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.PhNum..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.ShEntSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.ShNum..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf64.ShStrNdx..]))
            : new ElfHeader(
                type, machine, version,
                TDecoder.ReadUInt32(source[ElfHeaderFields.Entry..]),
                TDecoder.ReadUInt32(source[ElfHeaderFields.Elf32.PhOff..]),
                TDecoder.ReadUInt32(source[ElfHeaderFields.Elf32.ShOff..]),
                TDecoder.ReadUInt32(source[ElfHeaderFields.Elf32.Flags..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.EhSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.PhEntSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.PhNum..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.ShEntSize..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.ShNum..]),
                TDecoder.ReadUInt16(source[ElfHeaderFields.Elf32.ShStrNdx..]));
    }

    /// <summary>Writes e_phoff and e_phnum, the only header fields a patch changes.</summary>
    public void WriteProgramHeaderTable(Span<byte> header, ulong offset, ushort count)
    {
        if (Is64)
        {
            TDecoder.WriteUInt64(header[ElfHeaderFields.Elf64.PhOff..], offset);
            TDecoder.WriteUInt16(header[ElfHeaderFields.Elf64.PhNum..], count);
        }
        else
        {
            TDecoder.WriteUInt32(header[ElfHeaderFields.Elf32.PhOff..], (uint)offset);
            TDecoder.WriteUInt16(header[ElfHeaderFields.Elf32.PhNum..], count);
        }
    }

    public ElfSegment ReadSegment(ReadOnlySpan<byte> source) => Is64
        ? new ElfSegment(
            (ElfSegmentType)TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf64.Type..]),
            (ElfSegmentFlags)TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf64.Flags..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.Offset..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.VirtualAddress..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.PhysicalAddress..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.FileSize..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.MemorySize..]),
            TDecoder.ReadUInt64(source[ProgramHeaderFields.Elf64.Alignment..]))
        : new ElfSegment(
            (ElfSegmentType)TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.Type..]),
            (ElfSegmentFlags)TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.Flags..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.Offset..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.VirtualAddress..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.PhysicalAddress..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.FileSize..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.MemorySize..]),
            TDecoder.ReadUInt32(source[ProgramHeaderFields.Elf32.Alignment..]));

    public void WriteSegment(Span<byte> destination, ElfSegment segment)
    {
        if (Is64)
        {
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf64.Type..], (uint)segment.Type);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf64.Flags..], (uint)segment.Flags);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.Offset..], segment.Offset);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.VirtualAddress..], segment.VirtualAddress);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.PhysicalAddress..], segment.PhysicalAddress);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.FileSize..], segment.FileSize);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.MemorySize..], segment.MemorySize);
            TDecoder.WriteUInt64(destination[ProgramHeaderFields.Elf64.Alignment..], segment.Alignment);
        }
        else
        {
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.Type..], (uint)segment.Type);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.Flags..], (uint)segment.Flags);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.Offset..], (uint)segment.Offset);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.VirtualAddress..], (uint)segment.VirtualAddress);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.PhysicalAddress..], (uint)segment.PhysicalAddress);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.FileSize..], (uint)segment.FileSize);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.MemorySize..], (uint)segment.MemorySize);
            TDecoder.WriteUInt32(destination[ProgramHeaderFields.Elf32.Alignment..], (uint)segment.Alignment);
        }
    }

    /// <summary>Reads a section header; the name is resolved later from the section name table.</summary>
    public ElfSection ReadSection(ReadOnlySpan<byte> source)
    {
        uint nameOffset = TDecoder.ReadUInt32(source[SectionHeaderFields.Name..]);
        uint type = TDecoder.ReadUInt32(source[SectionHeaderFields.Type..]);
        return Is64
            ? new ElfSection(
                string.Empty, nameOffset, type,
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.Flags..]),
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.Address..]),
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.Offset..]),
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.Size..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf64.Link..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf64.Info..]),
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.AddressAlignment..]),
                TDecoder.ReadUInt64(source[SectionHeaderFields.Elf64.EntrySize..]))
            : new ElfSection(
                string.Empty, nameOffset, type,
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Flags..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Address..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Offset..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Size..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Link..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.Info..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.AddressAlignment..]),
                TDecoder.ReadUInt32(source[SectionHeaderFields.Elf32.EntrySize..]));
    }

    /// <summary>Writes where a moved section now lives: sh_addr, sh_offset and sh_size.</summary>
    public void WriteSectionPlacement(Span<byte> destination, ulong address, ulong offset, ulong size)
    {
        if (Is64)
        {
            TDecoder.WriteUInt64(destination[SectionHeaderFields.Elf64.Address..], address);
            TDecoder.WriteUInt64(destination[SectionHeaderFields.Elf64.Offset..], offset);
            TDecoder.WriteUInt64(destination[SectionHeaderFields.Elf64.Size..], size);
        }
        else
        {
            TDecoder.WriteUInt32(destination[SectionHeaderFields.Elf32.Address..], (uint)address);
            TDecoder.WriteUInt32(destination[SectionHeaderFields.Elf32.Offset..], (uint)offset);
            TDecoder.WriteUInt32(destination[SectionHeaderFields.Elf32.Size..], (uint)size);
        }
    }

    /// <summary>Reads a dynamic entry; an ELF32 tag is sign-extended as the gABI's Elf32_Sword.</summary>
    public ElfDynamicEntry ReadDynamic(ReadOnlySpan<byte> source) => Is64
        ? new ElfDynamicEntry(
            (ElfDynamicTag)(long)TDecoder.ReadUInt64(source[DynamicEntryFields.Tag..]),
            TDecoder.ReadUInt64(source[DynamicEntryFields.Elf64.Value..]))
        : new ElfDynamicEntry(
            (ElfDynamicTag)(int)TDecoder.ReadUInt32(source[DynamicEntryFields.Tag..]),
            TDecoder.ReadUInt32(source[DynamicEntryFields.Elf32.Value..]));

    public void WriteDynamic(Span<byte> destination, ElfDynamicEntry entry)
    {
        if (Is64)
        {
            TDecoder.WriteUInt64(destination[DynamicEntryFields.Tag..], (ulong)(long)entry.Tag);
            TDecoder.WriteUInt64(destination[DynamicEntryFields.Elf64.Value..], entry.Value);
        }
        else
        {
            TDecoder.WriteUInt32(destination[DynamicEntryFields.Tag..], (uint)(long)entry.Tag);
            TDecoder.WriteUInt32(destination[DynamicEntryFields.Elf32.Value..], (uint)entry.Value);
        }
    }
}
