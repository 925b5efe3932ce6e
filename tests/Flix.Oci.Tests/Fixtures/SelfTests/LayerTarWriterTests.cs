using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

public sealed class LayerTarWriterTests
{
    [Fact]
    public async Task Every_entry_kind_reads_back_with_the_BCL_reader_and_GNU_tar()
    {
        var entries = new List<LayerEntry>
        {
            LayerEntry.Directory("d", mode: 0b111_101_000, uid: 5, gid: 6),
            LayerEntry.File("d/f", "hello", mode: 0b100_111_101_101, uid: 1000, gid: 100).WithXattr("security.capability", SampleLayers.NetRawCapability),
            LayerEntry.HardLink("d/h", "d/f"),
            LayerEntry.Symlink("d/s", "/etc/passwd"),
            LayerEntry.CharacterDevice("d/null", 1, 3),
            LayerEntry.BlockDevice("d/sda", 8, 0),
            LayerEntry.Fifo("d/p"),
            LayerEntry.Whiteout("d/gone"),
            LayerEntry.Opaque("d"),
            LayerEntry.File(new string('n', 150), "long name").WithOwner(3_000_000, 3_000_001),
        };
        byte[] tar = LayerTarWriter.ToArray(entries);
        Assert.Equal(0, tar.Length % 512);

        using var reader = new TarReader(new MemoryStream(tar));
        var read = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            read.Add(entry);
        }

        Assert.Equal(
            ["d/", "d/f", "d/h", "d/s", "d/null", "d/sda", "d/p", "d/.wh.gone", "d/.wh..wh..opq", new string('n', 150)],
            read.Select(e => e.Name));
        Assert.Equal(
            [TarEntryType.Directory, TarEntryType.RegularFile, TarEntryType.HardLink, TarEntryType.SymbolicLink, TarEntryType.CharacterDevice,
             TarEntryType.BlockDevice, TarEntryType.Fifo, TarEntryType.RegularFile, TarEntryType.RegularFile, TarEntryType.RegularFile],
            read.Select(e => e.EntryType));
        Assert.Equal((UnixFileMode)0b100_111_101_101, read[1].Mode);
        Assert.Equal((1000, 100), (read[1].Uid, read[1].Gid));
        var pax = Assert.IsType<PaxTarEntry>(read[1]);
        Assert.Equal(Encoding.Latin1.GetString(SampleLayers.NetRawCapability), pax.ExtendedAttributes["SCHILY.xattr.security.capability"]);
        Assert.Equal("d/f", read[2].LinkName);
        Assert.Equal("/etc/passwd", read[3].LinkName);
        Assert.Equal((1, 3), (((PosixTarEntry)read[4]).DeviceMajor, ((PosixTarEntry)read[4]).DeviceMinor));
        Assert.Equal((8, 0), (((PosixTarEntry)read[5]).DeviceMajor, ((PosixTarEntry)read[5]).DeviceMinor));
        Assert.Equal((3_000_000, 3_000_001), (read[9].Uid, read[9].Gid));
        Assert.Equal(LayerEntry.DefaultModificationTime, read[0].ModificationTime);

        // GNU tar agrees on names, owners and devices.
        using var scratch = new TempDirectory();
        string file = scratch.Combine("layer.tar");
        await File.WriteAllBytesAsync(file, tar);
        var listing = (await ProcessRunner.RunCheckedAsync("tar", ["--list", "--verbose", "--numeric-owner", "--file", file])).StandardOutput;
        Assert.Contains("-rwsr-xr-x 1000/100", listing, StringComparison.Ordinal);
        Assert.Contains("d/h link to d/f", listing, StringComparison.Ordinal);
        Assert.Contains("d/s -> /etc/passwd", listing, StringComparison.Ordinal);
        Assert.Contains("3000000/3000001", listing, StringComparison.Ordinal);
        Assert.Contains("1,3", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_of_2_pow_32_minus_1_goes_to_PAX_which_GNU_tar_reads_and_the_BCL_reader_rejects()
    {
        byte[] tar = LayerTarWriter.ToArray([LayerEntry.File("nobody", "x").WithOwner(uint.MaxValue, uint.MaxValue)]);
        using var scratch = new TempDirectory();
        string file = scratch.Combine("layer.tar");
        await File.WriteAllBytesAsync(file, tar);
        var listing = (await ProcessRunner.RunCheckedAsync("tar", ["--list", "--verbose", "--numeric-owner", "--file", file])).StandardOutput;
        Assert.Contains("4294967295/4294967295", listing, StringComparison.Ordinal);

        // System.Formats.Tar parses PAX uid/gid as int: a layer applier built on it must expect this.
        using var reader = new TarReader(new MemoryStream(tar));
        Assert.Throws<OverflowException>(() => reader.GetNextEntry());
    }

    [Fact]
    public void Output_is_deterministic()
    {
        Assert.Equal(LayerTarWriter.ToArray(SampleLayers.Layer1), LayerTarWriter.ToArray(SampleLayers.Layer1));
        Assert.NotEqual(LayerTarWriter.ToArray(SampleLayers.Layer1), LayerTarWriter.ToArray(SampleLayers.Layer2));
    }

    [Fact]
    public void Raw_headers_are_written_verbatim()
    {
        byte[] nulName = "etc/pass\0wd/../../x"u8.ToArray();
        var entries = new[]
        {
            LayerEntry.Raw(new RawTarHeader { Name = nulName, Data = "x"u8.ToArray() }),
            LayerEntry.Raw(new RawTarHeader { Name = "../../etc/passwd"u8.ToArray(), Data = "y"u8.ToArray() }),
            LayerEntry.Raw(new RawTarHeader { Name = "/etc/passwd"u8.ToArray(), TypeFlag = (byte)'2', LinkName = "/"u8.ToArray() }),
            LayerEntry.Raw(new RawTarHeader { Name = "huge"u8.ToArray(), DeclaredSize = 1L << 40, Data = new byte[3000] }),
        };
        byte[] tar = LayerTarWriter.ToArray(entries);

        var first = tar.AsSpan(0, 512);
        Assert.True(first[..nulName.Length].SequenceEqual(nulName));
        Assert.Equal("0000001\0"u8.ToArray(), first.Slice(124 + 4, 8).ToArray());
        Assert.True(tar.AsSpan(1024, 16).SequenceEqual("../../etc/passwd"u8));
        Assert.Equal((byte)'2', tar[2048 + 156]);
        Assert.True(tar.AsSpan(2048, 11).SequenceEqual("/etc/passwd"u8));

        // The 1 TiB size does not fit octal: base-256 with the high bit set.
        var size = tar.AsSpan(2560 + 124, 12);
        Assert.Equal(0x80, size[0]);
        Assert.Equal(1L << 40, BinaryPrimitives.ReadInt64BigEndian(size[4..]));

        // The BCL reader sees a body that ends early.
        using var reader = new TarReader(new MemoryStream(tar));
        Assert.NotNull(reader.GetNextEntry());
        Assert.NotNull(reader.GetNextEntry());
        Assert.NotNull(reader.GetNextEntry());
        Assert.ThrowsAny<Exception>(() =>
        {
            var huge = reader.GetNextEntry();
            huge?.DataStream?.CopyTo(Stream.Null);
            reader.GetNextEntry();
        });
    }

    [Fact]
    public void A_bad_checksum_is_rejected_by_the_BCL_reader()
    {
        byte[] tar = LayerTarWriter.ToArray([LayerEntry.Raw(new RawTarHeader { Name = "x"u8.ToArray(), ValidChecksum = false })]);
        using var reader = new TarReader(new MemoryStream(tar));
        Assert.Throws<InvalidDataException>(() => reader.GetNextEntry());
    }
}
