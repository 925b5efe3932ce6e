using System.Buffers.Binary;
using Flix.Elf.Structures;

namespace Flix.Elf.Tests.Support;

/// <summary>
/// Mutated copies of a valid ELF file: truncations at every structure, header and program header fields set to
/// absurd values, broken dynamic entries, and seeded random byte flips. Deterministic for a given seed file.
/// </summary>
public static class MutationCorpus
{
    public static IEnumerable<(string Name, byte[] Bytes)> Mutate(byte[] seed, string seedName)
    {
        var file = ElfFile.Parse(seed, seedName);
        bool is64 = file.Class == ElfClass.Elf64;
        bool little = file.IsLittleEndian;
        int headerSize = is64 ? ElfHeaderFields.Elf64.Size : ElfHeaderFields.Elf32.Size;
        int phoff = (int)file.Header.ProgramHeaderOffset;
        int phentsize = file.Header.ProgramHeaderEntrySize;

        // Truncations.
        var cuts = new List<int> { 0, 3, 4, 15, 16, 17, 40, headerSize - 1, headerSize, phoff + (phentsize / 2), phoff + (phentsize * file.Segments.Count) - 1, seed.Length / 2, seed.Length - 1 };
        foreach (var segment in file.Segments.Where(segment => segment.Type is ElfSegmentType.Interpreter or ElfSegmentType.Dynamic))
        {
            cuts.Add((int)segment.Offset + 2);
            cuts.Add((int)(segment.Offset + segment.FileSize) - 1);
        }

        foreach (int cut in cuts.Where(cut => cut >= 0 && cut < seed.Length).Distinct())
        {
            yield return ($"truncated at {cut}", seed[..cut]);
        }

        // Identification bytes.
        yield return ("class 3", With(seed, bytes => bytes[ElfIdentFields.Class] = 3));
        yield return ("data 0", With(seed, bytes => bytes[ElfIdentFields.Data] = 0));
        yield return ("version 2", With(seed, bytes => bytes[ElfIdentFields.Version] = 2));
        yield return ("other class", With(seed, bytes => bytes[ElfIdentFields.Class] = (byte)(is64 ? 1 : 2)));
        yield return ("other byte order", With(seed, bytes => bytes[ElfIdentFields.Data] = (byte)(little ? 2 : 1)));

        // Header fields.
        int phOffField = is64 ? ElfHeaderFields.Elf64.PhOff : ElfHeaderFields.Elf32.PhOff;
        int shOffField = is64 ? ElfHeaderFields.Elf64.ShOff : ElfHeaderFields.Elf32.ShOff;
        int phNumField = is64 ? ElfHeaderFields.Elf64.PhNum : ElfHeaderFields.Elf32.PhNum;
        int phEntField = is64 ? ElfHeaderFields.Elf64.PhEntSize : ElfHeaderFields.Elf32.PhEntSize;
        int shNumField = is64 ? ElfHeaderFields.Elf64.ShNum : ElfHeaderFields.Elf32.ShNum;
        int shEntField = is64 ? ElfHeaderFields.Elf64.ShEntSize : ElfHeaderFields.Elf32.ShEntSize;
        int shStrField = is64 ? ElfHeaderFields.Elf64.ShStrNdx : ElfHeaderFields.Elf32.ShStrNdx;
        foreach (ulong value in new ulong[] { 0, 1, (ulong)seed.Length - 8, (ulong)seed.Length, 0xFFFF_FFF0, ulong.MaxValue - 16 })
        {
            yield return ($"e_phoff {value:x}", With(seed, bytes => Word(bytes, phOffField, value, is64, little)));
            yield return ($"e_shoff {value:x}", With(seed, bytes => Word(bytes, shOffField, value, is64, little)));
        }

        foreach (ushort value in new ushort[] { 0, 1, 0xFFFE, 0xFFFF })
        {
            yield return ($"e_phnum {value}", With(seed, bytes => Half(bytes, phNumField, value, little)));
            yield return ($"e_shnum {value}", With(seed, bytes => Half(bytes, shNumField, value, little)));
            yield return ($"e_shstrndx {value}", With(seed, bytes => Half(bytes, shStrField, value, little)));
        }

        yield return ("e_phentsize 0", With(seed, bytes => Half(bytes, phEntField, 0, little)));
        yield return ("e_phentsize 1", With(seed, bytes => Half(bytes, phEntField, 1, little)));
        yield return ("e_shentsize 3", With(seed, bytes => Half(bytes, shEntField, 3, little)));

        // Program header fields of the segments the reader and patcher rely on.
        var offsets = is64
            ? new[] { ProgramHeaderFields.Elf64.Offset, ProgramHeaderFields.Elf64.VirtualAddress, ProgramHeaderFields.Elf64.FileSize, ProgramHeaderFields.Elf64.MemorySize, ProgramHeaderFields.Elf64.Alignment }
            : new[] { ProgramHeaderFields.Elf32.Offset, ProgramHeaderFields.Elf32.VirtualAddress, ProgramHeaderFields.Elf32.FileSize, ProgramHeaderFields.Elf32.MemorySize, ProgramHeaderFields.Elf32.Alignment };
        for (int i = 0; i < file.Segments.Count; i++)
        {
            var type = file.Segments[i].Type;
            if (type is not (ElfSegmentType.Interpreter or ElfSegmentType.Dynamic or ElfSegmentType.Load or ElfSegmentType.ProgramHeader))
            {
                continue;
            }

            int at = phoff + (i * phentsize);
            foreach (int field in offsets)
            {
                foreach (ulong value in new ulong[] { 0, 3, (ulong)seed.Length + 1, is64 ? ulong.MaxValue - 0xFFF : 0xFFFF_F000 })
                {
                    yield return ($"segment {i} ({type}) field +{field} = {value:x}", With(seed, bytes => Word(bytes, at + field, value, is64, little)));
                }
            }

            yield return ($"segment {i} ({type}) type null", With(seed, bytes => Word32(bytes, at, 0, little)));
        }

        // Dynamic entries: values of string and address tags, and a table without its terminator.
        if (file.IsDynamic)
        {
            var dynamicSegment = file.Segments.First(segment => segment.Type == ElfSegmentType.Dynamic);
            int entrySize = is64 ? DynamicEntryFields.Elf64.Size : DynamicEntryFields.Elf32.Size;
            int valueField = is64 ? DynamicEntryFields.Elf64.Value : DynamicEntryFields.Elf32.Value;
            for (int i = 0; i < file.DynamicEntries.Count; i++)
            {
                var tag = file.DynamicEntries[i].Tag;
                if (tag is not (ElfDynamicTag.Needed or ElfDynamicTag.StringTable or ElfDynamicTag.StringTableSize or ElfDynamicTag.SharedObjectName or ElfDynamicTag.Flags1))
                {
                    continue;
                }

                int at = (int)dynamicSegment.Offset + (i * entrySize);
                foreach (ulong value in new ulong[] { 0, (ulong)seed.Length, is64 ? ulong.MaxValue : uint.MaxValue })
                {
                    yield return ($"dynamic {i} ({tag}) = {value:x}", With(seed, bytes => Word(bytes, at + valueField, value, is64, little)));
                }
            }

            yield return ("dynamic without terminator", With(seed, bytes =>
            {
                for (int at = (int)dynamicSegment.Offset; at + entrySize <= (int)(dynamicSegment.Offset + dynamicSegment.FileSize); at += entrySize)
                {
                    Word(bytes, at, (ulong)ElfDynamicTag.Needed, is64, little);
                }
            }));
        }

        // Seeded random flips in the headers and the first page.
        var random = new Random(seed.Length);
        for (int i = 0; i < 20; i++)
        {
            int count = 1 + random.Next(8);
            var positions = Enumerable.Range(0, count).Select(_ => random.Next(Math.Min(seed.Length, 4096))).ToArray();
            var values = Enumerable.Range(0, count).Select(_ => (byte)random.Next(256)).ToArray();
            yield return ($"random flips {i}", With(seed, bytes =>
            {
                for (int k = 0; k < count; k++)
                {
                    bytes[positions[k]] = values[k];
                }
            }));
        }
    }

    private static byte[] With(byte[] seed, Action<byte[]> change)
    {
        byte[] copy = (byte[])seed.Clone();
        change(copy);
        return copy;
    }

    private static void Half(byte[] bytes, int at, ushort value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), value);
        }
    }

    private static void Word32(byte[] bytes, int at, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), value);
        }
    }

    private static void Word(byte[] bytes, int at, ulong value, bool is64, bool little)
    {
        if (!is64)
        {
            Word32(bytes, at, (uint)value, little);
        }
        else if (little)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at), value);
        }
    }
}
