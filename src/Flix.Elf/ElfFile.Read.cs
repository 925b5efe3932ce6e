using System.Text;
using Flix.Elf.Structures;

namespace Flix.Elf;

public sealed partial class ElfFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="ElfFormatException">The file is not a well-formed ELF file.</exception>
    public static ElfFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (new FileInfo(path) is { Exists: true, Length: > int.MaxValue } large)
        {
            ElfThrow.Format(path, null, $"it is {large.Length} bytes, more than the {int.MaxValue} bytes an ELF file is read whole");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses an ELF file held in memory; <paramref name="fileName"/> names it in messages.</summary>
    /// <exception cref="ElfFormatException">The bytes are not a well-formed ELF file.</exception>
    public static ElfFile Parse(ReadOnlyMemory<byte> bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var span = bytes.Span;
        if (span.Length < ElfIdentFields.Length)
        {
            ElfThrow.Format(fileName, (ulong)span.Length, $"the file ends before the {ElfIdentFields.Length}-byte identification");
        }

        if (!span[..ElfIdentFields.MagicLength].SequenceEqual(ElfIdentFields.MagicBytes))
        {
            ElfThrow.Format(fileName, 0, "the magic number is not 7f 45 4c 46");
        }

        byte classByte = span[ElfIdentFields.Class];
        if (classByte is not ((byte)ElfClass.Elf32 or (byte)ElfClass.Elf64))
        {
            ElfThrow.Format(fileName, ElfIdentFields.Class, $"the class byte is {classByte}, neither 1 (ELF32) nor 2 (ELF64)");
        }

        byte data = span[ElfIdentFields.Data];
        if (data is not (ElfIdentFields.DataLittleEndian or ElfIdentFields.DataBigEndian))
        {
            ElfThrow.Format(fileName, ElfIdentFields.Data, $"the data encoding byte is {data}, neither 1 (LSB) nor 2 (MSB)");
        }

        if (span[ElfIdentFields.Version] != ElfIdentFields.CurrentVersion)
        {
            ElfThrow.Format(fileName, ElfIdentFields.Version, $"the identification version is {span[ElfIdentFields.Version]}, not 1");
        }

        var elfClass = (ElfClass)classByte;
        return data == ElfIdentFields.DataLittleEndian
            ? Load<LittleEndianDecoder>(bytes, fileName, elfClass)
            : Load<BigEndianDecoder>(bytes, fileName, elfClass);
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a regular file (or a link to one) starting with the ELF magic. False for
    /// missing, short and non-regular files (devices and fifos report no size, so they are never opened).
    /// </summary>
    public static bool IsElf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < ElfIdentFields.MagicLength)
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[ElfIdentFields.MagicLength];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int total = 0;
        while (total < magic.Length)
        {
            int read = RandomAccess.Read(handle, magic[total..], total);
            if (read == 0)
            {
                return false;
            }

            total += read;
        }

        return magic.SequenceEqual(ElfIdentFields.MagicBytes);
    }

    private static ElfFile Load<TDecoder>(ReadOnlyMemory<byte> bytes, string fileName, ElfClass elfClass)
        where TDecoder : struct, IElfDecoder
    {
        var codec = new ElfCodec<TDecoder>(elfClass);
        var span = bytes.Span;
        if (span.Length < codec.HeaderSize)
        {
            ElfThrow.Format(fileName, (ulong)span.Length, $"the file ends before the {codec.HeaderSize}-byte ELF header");
        }

        var file = new ElfFile(bytes, fileName, elfClass, TDecoder.IsLittleEndian, codec.ReadHeader(span));
        file.Segments = file.ReadSegments(codec);
        file.Sections = file.ReadSections(codec);
        file.ReadInterpreter();
        file.ReadDynamic(codec);
        return file;
    }

    /// <summary>Whether [offset, offset + size) lies inside the file, without overflow.</summary>
    internal bool InFile(ulong offset, ulong size) =>
        offset <= (ulong)Bytes.Length && size <= (ulong)Bytes.Length - offset;

    private ElfSegment[] ReadSegments<TDecoder>(ElfCodec<TDecoder> codec)
        where TDecoder : struct, IElfDecoder
    {
        int count = Header.ProgramHeaderCount;
        if (count == 0)
        {
            return [];
        }

        if (Header.ProgramHeaderEntrySize != codec.ProgramHeaderSize)
        {
            ElfThrow.Format(FileName, (ulong)(codec.Is64 ? ElfHeaderFields.Elf64.PhEntSize : ElfHeaderFields.Elf32.PhEntSize),
                $"the program header size is {Header.ProgramHeaderEntrySize}, not {codec.ProgramHeaderSize}");
        }

        ulong tableSize = (ulong)count * (ulong)codec.ProgramHeaderSize;
        if (!InFile(Header.ProgramHeaderOffset, tableSize))
        {
            ElfThrow.Format(FileName, Header.ProgramHeaderOffset,
                $"the program header table of {count} entries runs past the end of the file ({Bytes.Length} bytes)");
        }

        var span = Bytes.Span.Slice((int)Header.ProgramHeaderOffset, (int)tableSize);
        var segments = new ElfSegment[count];
        for (int i = 0; i < count; i++)
        {
            segments[i] = codec.ReadSegment(span.Slice(i * codec.ProgramHeaderSize, codec.ProgramHeaderSize));
        }

        return segments;
    }

    /// <summary>
    /// Reads the section header table when it is usable. Stripped or packed files may have none or a bogus one; the
    /// loader never reads it, so an unusable table is treated as absent rather than as an error.
    /// </summary>
    private ElfSection[] ReadSections<TDecoder>(ElfCodec<TDecoder> codec)
        where TDecoder : struct, IElfDecoder
    {
        const ushort ExtendedIndex = 0xFFFF;
        ulong offset = Header.SectionHeaderOffset;
        int entrySize = codec.SectionHeaderSize;
        if (offset == 0 || Header.SectionHeaderEntrySize != entrySize || !InFile(offset, (ulong)entrySize))
        {
            return [];
        }

        var first = codec.ReadSection(Bytes.Span.Slice((int)offset, entrySize));
        ulong count = Header.SectionHeaderCount == 0 ? first.Size : Header.SectionHeaderCount;
        if (count == 0 || !InFile(offset, count * (ulong)entrySize) || count > int.MaxValue / (ulong)entrySize)
        {
            return [];
        }

        var table = Bytes.Span.Slice((int)offset, (int)count * entrySize);
        var sections = new ElfSection[count];
        for (int i = 0; i < sections.Length; i++)
        {
            sections[i] = codec.ReadSection(table.Slice(i * entrySize, entrySize));
        }

        ulong namesIndex = Header.SectionNameTableIndex == ExtendedIndex ? first.Link : Header.SectionNameTableIndex;
        if (namesIndex < count && sections[namesIndex] is { Type: not ElfSection.NoBitsType } names && InFile(names.Offset, names.Size))
        {
            var nameTable = Bytes.Span.Slice((int)names.Offset, (int)names.Size);
            for (int i = 0; i < sections.Length; i++)
            {
                sections[i] = sections[i] with { Name = ReadName(nameTable, sections[i].NameOffset) };
            }
        }

        return sections;
    }

    private static string ReadName(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return string.Empty;
        }

        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? string.Empty : Utf8.GetString(rest[..end]);
    }

    private void ReadInterpreter()
    {
        int index = IndexOfSegment(ElfSegmentType.Interpreter);
        if (index < 0)
        {
            return;
        }

        var segment = Segments[index];
        if (!InFile(segment.Offset, segment.FileSize))
        {
            ElfThrow.Format(FileName, segment.Offset, $"the interpreter segment of {segment.FileSize} bytes runs past the end of the file");
        }

        var text = Bytes.Span.Slice((int)segment.Offset, (int)segment.FileSize);
        int end = text.IndexOf((byte)0);
        if (end < 0)
        {
            ElfThrow.Format(FileName, segment.Offset, "the interpreter path is not terminated by a NUL byte");
        }

        InterpreterSegmentIndex = index;
        Interpreter = Utf8.GetString(text[..end]);
    }

    private int IndexOfSegment(ElfSegmentType type)
    {
        for (int i = 0; i < Segments.Count; i++)
        {
            if (Segments[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }

    private void ReadDynamic<TDecoder>(ElfCodec<TDecoder> codec)
        where TDecoder : struct, IElfDecoder
    {
        int index = IndexOfSegment(ElfSegmentType.Dynamic);
        if (index < 0)
        {
            return;
        }

        var segment = Segments[index];
        if (!InFile(segment.Offset, segment.FileSize))
        {
            ElfThrow.Format(FileName, segment.Offset, $"the dynamic segment of {segment.FileSize} bytes runs past the end of the file");
        }

        int entrySize = codec.DynamicEntrySize;
        int capacity = (int)(segment.FileSize / (ulong)entrySize);
        var table = Bytes.Span.Slice((int)segment.Offset, capacity * entrySize);
        var entries = new List<ElfDynamicEntry>();
        for (int i = 0; i < capacity; i++)
        {
            var entry = codec.ReadDynamic(table.Slice(i * entrySize, entrySize));
            if (entry.Tag == ElfDynamicTag.Null)
            {
                break;
            }

            entries.Add(entry);
        }

        DynamicSegmentIndex = index;
        DynamicCapacity = capacity;
        DynamicEntries = entries;
        StringTable = FindStringTable(segment.Offset);
        ReadDynamicFacts(segment.Offset);
    }

    private ElfStringTable? FindStringTable(ulong dynamicOffset)
    {
        ulong? address = null;
        ulong? size = null;
        foreach (var entry in DynamicEntries)
        {
            if (entry.Tag == ElfDynamicTag.StringTable)
            {
                address ??= entry.Value;
            }
            else if (entry.Tag == ElfDynamicTag.StringTableSize)
            {
                size ??= entry.Value;
            }
        }

        if (address is not { } at)
        {
            return null;
        }

        foreach (var segment in Segments)
        {
            if (segment.Type == ElfSegmentType.Load && segment.ContainsFileAddress(at))
            {
                ulong offset = segment.Offset + (at - segment.VirtualAddress);
                ulong available = segment.FileSize - (at - segment.VirtualAddress);
                ulong length = size ?? available;
                if (length > available || !InFile(offset, length))
                {
                    ElfThrow.Format(FileName, dynamicOffset,
                        $"the dynamic string table at address 0x{at:x} with {length} bytes runs past its segment or the file");
                }

                return new ElfStringTable(at, offset, length);
            }
        }

        return ElfThrow.Format<ElfStringTable?>(FileName, dynamicOffset,
            $"the dynamic string table address 0x{at:x} lies in no loadable segment");
    }

    private void ReadDynamicFacts(ulong dynamicOffset)
    {
        var needed = new List<string>();
        bool haveFlags = false, haveFlags1 = false;
        foreach (var entry in DynamicEntries)
        {
            switch (entry.Tag)
            {
                case ElfDynamicTag.Needed:
                    needed.Add(ReadDynamicString(entry, dynamicOffset));
                    break;
                case ElfDynamicTag.SharedObjectName:
                    Soname ??= ReadDynamicString(entry, dynamicOffset);
                    break;
                case ElfDynamicTag.RunPath:
                    RunPath ??= ReadDynamicString(entry, dynamicOffset);
                    break;
                case ElfDynamicTag.RPath:
                    RPath ??= ReadDynamicString(entry, dynamicOffset);
                    break;
                case ElfDynamicTag.Flags when !haveFlags:
                    Flags = entry.Value;
                    haveFlags = true;
                    break;
                case ElfDynamicTag.Flags1 when !haveFlags1:
                    Flags1 = entry.Value;
                    haveFlags1 = true;
                    break;
            }
        }

        Needed = needed;
    }

    /// <summary>The string a dynamic entry points at in DT_STRTAB.</summary>
    internal string ReadDynamicString(ElfDynamicEntry entry, ulong dynamicOffset)
    {
        if (StringTable is not { } table)
        {
            return ElfThrow.Format<string>(FileName, dynamicOffset, $"the dynamic section has a {DescribeTag(entry.Tag)} entry but no DT_STRTAB");
        }

        if (entry.Value >= table.Size)
        {
            ElfThrow.Format(FileName, dynamicOffset,
                $"the {DescribeTag(entry.Tag)} string offset {entry.Value} lies outside the {table.Size}-byte string table");
        }

        var text = Bytes.Span.Slice((int)(table.FileOffset + entry.Value), (int)(table.Size - entry.Value));
        int end = text.IndexOf((byte)0);
        if (end < 0)
        {
            ElfThrow.Format(FileName, table.FileOffset + entry.Value, $"the {DescribeTag(entry.Tag)} string is not terminated inside the string table");
        }

        return Utf8.GetString(text[..end]);
    }

    private static string DescribeTag(ElfDynamicTag tag) => tag switch
    {
        ElfDynamicTag.Needed => "DT_NEEDED",
        ElfDynamicTag.SharedObjectName => "DT_SONAME",
        ElfDynamicTag.RPath => "DT_RPATH",
        ElfDynamicTag.RunPath => "DT_RUNPATH",
        _ => $"tag 0x{(long)tag:x}",
    };
}
