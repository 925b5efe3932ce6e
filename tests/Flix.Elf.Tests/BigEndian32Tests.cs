using System.Buffers.Binary;
using Flix.Elf.Structures;
using Flix.Elf.Tests.Fixtures;
using Flix.Elf.Tests.Support;
using Flix.TestSupport;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests;

/// <summary>
/// ELF32 big endian, which no Debian trixie architecture has: i386 files turned big endian (header, program headers,
/// section headers and dynamic entries byte-swapped; what readelf -h -l -d -S reads) are read and patched, and
/// readelf agrees with the reader before and after.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class BigEndian32Tests
{
    [Theory]
    [InlineData("usr/bin/true")] // a PIE executable
    [InlineData("usr/lib/i386-linux-gnu/libc.so.6")] // a large shared library
    public async Task Swapped_i386_files_read_and_patch_like_readelf_says(string relative)
    {
        HostTools.Require("readelf");
        string path = Path.Combine(await Rootfs.ExtractAsync("i386"), relative);
        string real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        var little = ElfFile.Read(real);
        Assert.Equal(ElfClass.Elf32, little.Class);
        byte[] big = ToBigEndian(little);

        using var scratch = new TempDirectory("flix-elf-");
        string swapped = scratch.Combine("swapped");
        await File.WriteAllBytesAsync(swapped, big);
        var file = ElfFile.Read(swapped);
        Assert.False(file.IsLittleEndian);
        Assert.Equal(little.Needed, file.Needed);
        Assert.Equal(little.Interpreter, file.Interpreter);
        Assert.Empty((await ReadelfView.ReadAsync(swapped)).Compare(file));

        var patch = new ElfPatch
        {
            Interpreter = file.HasInterpreter ? "/usr/local/a-long-extension-name/lib/ld-linux.so.2" : null,
            RunPath = "/usr/local/a-long-extension-name/lib:/usr/local/a-long-extension-name/usr/lib",
            SetNoDefaultLib = true,
        };
        file.PatchTo(patch, swapped);
        var patched = ElfFile.Read(swapped);
        var view = await ReadelfView.ReadAsync(swapped);
        Assert.Equal("", view.Warnings);
        Assert.Empty(view.Compare(patched));
        Assert.Equal(patch.RunPath, view.RunPath);
        Assert.Contains("NODEFLIB", view.Flags1);
        Assert.Equal(patched.Bytes.ToArray(), patched.Patch(patch));
    }

    /// <summary>Rewrites the structures readelf reads in big-endian order; everything else keeps its bytes.</summary>
    private static byte[] ToBigEndian(ElfFile file)
    {
        byte[] bytes = file.Bytes.ToArray();
        var codec = new ElfCodec<BigEndianDecoder>(ElfClass.Elf32);
        bytes[ElfIdentFields.Data] = ElfIdentFields.DataBigEndian;
        var header = file.Header;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Type), (ushort)header.Type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Machine), (ushort)header.Machine);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ElfHeaderFields.Version), header.Version);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ElfHeaderFields.Entry), (uint)header.Entry);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.PhOff), (uint)header.ProgramHeaderOffset);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.ShOff), (uint)header.SectionHeaderOffset);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.Flags), header.Flags);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.EhSize), header.HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.PhEntSize), header.ProgramHeaderEntrySize);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.PhNum), header.ProgramHeaderCount);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.ShEntSize), header.SectionHeaderEntrySize);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.ShNum), header.SectionHeaderCount);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(ElfHeaderFields.Elf32.ShStrNdx), header.SectionNameTableIndex);

        for (int i = 0; i < file.Segments.Count; i++)
        {
            codec.WriteSegment(bytes.AsSpan((int)header.ProgramHeaderOffset + (i * codec.ProgramHeaderSize)), file.Segments[i]);
        }

        for (int i = 0; i < file.Sections.Count; i++)
        {
            var section = file.Sections[i];
            var target = bytes.AsSpan((int)header.SectionHeaderOffset + (i * codec.SectionHeaderSize));
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Name..], section.NameOffset);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Type..], section.Type);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Elf32.Flags..], (uint)section.Flags);
            codec.WriteSectionPlacement(target, section.Address, section.Offset, section.Size);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Elf32.Link..], section.Link);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Elf32.Info..], section.Info);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Elf32.AddressAlignment..], (uint)section.AddressAlignment);
            BinaryPrimitives.WriteUInt32BigEndian(target[SectionHeaderFields.Elf32.EntrySize..], (uint)section.EntrySize);
        }

        var dynamic = file.Segments.FirstOrDefault(segment => segment.Type == ElfSegmentType.Dynamic);
        for (int i = 0; i <= file.DynamicEntries.Count && dynamic.FileSize > 0; i++)
        {
            var entry = i < file.DynamicEntries.Count ? file.DynamicEntries[i] : default;
            codec.WriteDynamic(bytes.AsSpan((int)dynamic.Offset + (i * codec.DynamicEntrySize)), entry);
        }

        return bytes;
    }
}
