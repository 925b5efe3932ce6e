using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Reading;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Reading;

[Collection(ImageCollection.Name)]
public partial class SquashFsImageTests(ImageFixture fixture)
{
    public static TheoryData<string> Variants => [.. ImageFixture.Variants.Keys];

    /// <summary>Walk() reports what unsquashfs -lln lists: type, mode, owner, size or device, time, path, target.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void WalkMatchesUnsquashfsListing(string variant)
    {
        string image = fixture.Images[variant];
        var expected = ProcessRunner.Output(null, "unsquashfs", "-lln", image)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseListingLine)
            .ToList();
        Assert.Equal(string.Empty, expected[0].Path); // the root comes first

        using var reader = SquashFsImage.Open(image);
        var actual = reader.Walk().Select(Describe).ToList();
        actual.Insert(0, Describe(reader.Root));

        Assert.True(expected.Count > SourceTree.BigDirectoryEntries, $"unsquashfs listed only {expected.Count} entries.");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    /// <summary>ReadTree() equals the source directory: kinds, modes, owners, times, xattrs, targets, devices, bytes, hard links.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void TreeMatchesSource(string variant)
    {
        using var reader = SquashFsImage.Open(fixture.Images[variant]);
        var image = reader.ReadTree();
        var source = DirectoryTreeReader.Read(fixture.Source);

        CompareNode("/", source.Root, image.Root);
        var sourceEntries = source.Walk().ToList();
        var imageEntries = image.Walk().ToList();
        Assert.Equal(sourceEntries.Select(e => e.Path), imageEntries.Select(e => e.Path));
        var sourceFirst = new Dictionary<TreeNode, string>(ReferenceEqualityComparer.Instance);
        var imageFirst = new Dictionary<TreeNode, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < sourceEntries.Count; i++)
        {
            var (path, sourceNode) = sourceEntries[i];
            var imageNode = imageEntries[i].Node;
            CompareNode(path, sourceNode, imageNode);

            // Hard links: a node shared in the source is shared in the image, with the same first path.
            Assert.Equal(sourceFirst.TryAdd(sourceNode, path) ? path : sourceFirst[sourceNode], imageFirst.TryAdd(imageNode, path) ? path : imageFirst[imageNode]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void ReportsDetailsOfEveryKind(string variant)
    {
        using var reader = SquashFsImage.Open(fixture.Images[variant]);
        var entries = reader.Walk().ToDictionary(e => e.Path);

        var hard = new[] { entries["links/hard1"], entries["links/hard2"], entries["dir/hard3"] };
        Assert.All(hard, e => Assert.Equal(hard[0].InodeNumber, e.InodeNumber));
        Assert.All(hard, e => Assert.Equal(3u, e.LinkCount));
        Assert.Equal(3, entries.Values.Count(e => e.InodeNumber == hard[0].InodeNumber));
        Assert.Equal(reader.Superblock.InodeCount, (uint)entries.Values.Select(e => e.InodeNumber).Append(reader.Root.InodeNumber).Distinct().Count());

        Assert.Equal((EntryKind.CharacterDevice, 259u, 300_000u), (entries["devices/big-numbers"].Kind, entries["devices/big-numbers"].DeviceMajor, entries["devices/big-numbers"].DeviceMinor));
        Assert.Equal((EntryKind.BlockDevice, 8u, 1u), (entries["devices/sda1"].Kind, entries["devices/sda1"].DeviceMajor, entries["devices/sda1"].DeviceMinor));
        Assert.Equal(EntryKind.Fifo, entries["devices/fifo"].Kind);
        Assert.Equal(EntryKind.Socket, entries["devices/socket"].Kind);
        Assert.Equal("../files/one", entries["links/symlink"].LinkTarget);
        Assert.Equal((4242u, 4343u), (entries["links/symlink"].Uid, entries["links/symlink"].Gid));
        Assert.Equal(1200, entries["links/long-symlink"].LinkTarget!.Length);
        Assert.Equal(0xDEDu, entries["modes/setuid"].Mode);
        Assert.Equal(0x3FFu, entries["modes/sticky"].Mode);
        Assert.Equal(4_000_000_000L, entries["modes/none"].ModificationTime);
        Assert.Contains("names/" + SourceTree.LongName, entries.Keys);
        Assert.Equal(SourceTree.BigDirectoryEntries, entries.Keys.Count(k => k.StartsWith("big-dir/", StringComparison.Ordinal)));
        Assert.Equal("hello"u8.ToArray(), entries["xattrs/user"].Xattrs["user.comment"]);
        Assert.Equal(300, entries["xattrs/same-value"].Xattrs["user.big"].Length);
        Assert.Equal("dir"u8.ToArray(), entries["xattrs"].Xattrs["user.on-a-directory"]);
        Assert.Equal(20, entries["xattrs/capability"].Xattrs["security.capability"].Length);

        // Every inode type, basic and extended, occurs: hard links, xattrs and big directories need the extended forms.
        var types = entries.Values.Select(e => e.InodeType).Append(reader.Root.InodeType).ToHashSet();
        Assert.Equal(Enum.GetValues<Format.InodeType>().Order(), types.Order());
        Assert.Equal(Format.InodeType.ExtendedFile, entries["links/hard1"].InodeType);
        Assert.Equal(Format.InodeType.ExtendedDirectory, entries["big-dir"].InodeType);
        Assert.Equal(Format.InodeType.File, entries["files/one"].InodeType);

        // Names come in UTF-8 byte order, where U+E000 sorts before U+1F600 (unlike UTF-16 ordinal order).
        var names = entries.Keys.Where(k => k.StartsWith("names/", StringComparison.Ordinal)).Select(k => k[6..]).ToList();
        Assert.Equal(names.OrderBy(n => n, Utf8OrdinalComparer.Instance), names);
        Assert.True(names.IndexOf("\uE000-private-use") < names.IndexOf("\U0001F600-after-private-use"));

        // Sparse blocks read as zeros around the stored data.
        using var sparse = reader.OpenFile(entries["files/sparse"]);
        var bytes = new byte[sparse.Length];
        sparse.ReadExactly(bytes);
        Assert.Equal(4 * SourceTree.BlockSize, bytes.Length);
        Assert.Equal("data in the middle of a sparse file"u8.ToArray(), bytes.AsSpan((2 * SourceTree.BlockSize) + 10, 35).ToArray());
        Assert.Equal(35, bytes.Count(b => b != 0));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void FileStreamsSeek(string variant)
    {
        using var reader = SquashFsImage.Open(fixture.Images[variant]);
        var entry = reader.Walk().Single(e => e.Path == "files/three-blocks-and-tail");
        var expected = File.ReadAllBytes(Path.Combine(fixture.Source, entry.Path));
        using var stream = reader.OpenFile(entry);
        Assert.True(stream.CanSeek);
        Assert.Equal(expected.Length, stream.Length);
        foreach (long position in new long[] { expected.Length - 10, 5, (2 * SourceTree.BlockSize) - 3, SourceTree.BlockSize, 0, expected.Length - 1000 })
        {
            stream.Position = position;
            var buffer = new byte[20];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            Assert.Equal(expected.AsSpan((int)position, read).ToArray(), buffer[..read]);
            Assert.Equal(Math.Min(20, expected.Length - position), read);
        }

        stream.Seek(0, SeekOrigin.End);
        Assert.Equal(0, stream.Read(new byte[10]));
        Assert.Throws<ArgumentException>(() => reader.OpenFile(reader.Root));
    }

    /// <summary>One image serves several threads at once (shared metadata, fragment and xattr caches).</summary>
    [Theory]
    [InlineData("zstd")]
    [InlineData("uncompressed-4k")]
    public void ServesSeveralThreads(string variant)
    {
        using var reader = SquashFsImage.Open(fixture.Images[variant]);
        var files = reader.Walk().Where(e => e.Kind == EntryKind.RegularFile).ToList();
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, entry =>
        {
            using var stream = reader.OpenFile(entry);
            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            if (!content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fixture.Source, entry.Path))))
            {
                mismatches.Add(entry.Path);
            }
        });
        Assert.Empty(mismatches);
    }

    /// <summary>The compressor options block is read and matches what mksquashfs was asked for.</summary>
    [Theory]
    [InlineData("gzip", SquashFsCompression.Gzip, new byte[0])]
    [InlineData("xz", SquashFsCompression.Xz, new byte[0])]
    [InlineData("lz4", SquashFsCompression.Lz4, new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData("lz4-hc", SquashFsCompression.Lz4, new byte[] { 1, 0, 0, 0, 1, 0, 0, 0 })]
    [InlineData("zstd", SquashFsCompression.Zstd, new byte[0])]
    [InlineData("zstd-19", SquashFsCompression.Zstd, new byte[] { 19, 0, 0, 0 })]
    public void ReadsCompressorOptions(string variant, SquashFsCompression compression, byte[] options)
    {
        using var reader = SquashFsImage.Open(fixture.Images[variant]);
        Assert.Equal(compression, reader.Superblock.Compressor);
        Assert.Equal(options, reader.CompressorOptions.ToArray());
        Assert.Equal(options.Length > 0, reader.Superblock.Flags.HasFlag(Format.SuperblockFlags.CompressorOptions));

        // Our compressor with the same settings writes the same options block.
        var ours = compression switch
        {
            SquashFsCompression.Lz4 => new Lz4Compressor(variant == "lz4-hc" ? 9 : null),
            SquashFsCompression.Zstd => new ZstdCompressor(variant == "zstd-19" ? 19 : 15),
            _ => Compressor.Create(compression, (int)reader.Superblock.BlockSize),
        };
        Assert.Equal(options, ours.Options.ToArray());
    }

    private void CompareNode(string path, TreeNode expected, TreeNode actual)
    {
        Assert.True(expected.Kind == actual.Kind, $"{path}: kind {actual.Kind}, expected {expected.Kind}");
        Assert.True(expected.Mode == actual.Mode, $"{path}: mode {actual.Mode:x}, expected {expected.Mode:x}");
        Assert.True((expected.Uid, expected.Gid) == (actual.Uid, actual.Gid), $"{path}: owner {actual.Uid}:{actual.Gid}, expected {expected.Uid}:{expected.Gid}");
        Assert.True(expected.ModificationTime == actual.ModificationTime, $"{path}: mtime {actual.ModificationTime}, expected {expected.ModificationTime}");
        Assert.Equal(expected.ExtendedAttributes.Keys, actual.ExtendedAttributes.Keys);
        foreach (var (name, value) in expected.ExtendedAttributes)
        {
            Assert.True(value.AsSpan().SequenceEqual(actual.ExtendedAttributes[name]), $"{path}: xattr {name} differs");
        }

        Assert.Equal(expected.LinkTarget, actual.LinkTarget);
        Assert.Equal((expected.DeviceMajor, expected.DeviceMinor), (actual.DeviceMajor, actual.DeviceMinor));
        if (expected.Kind == EntryKind.RegularFile)
        {
            Assert.Equal(expected.Content!.Length, actual.Content!.Length);
            using var want = expected.Content.OpenRead();
            using var got = actual.Content.OpenRead();
            var a = new byte[expected.Content.Length];
            var b = new byte[a.Length];
            want.ReadExactly(a);
            got.ReadExactly(b);
            Assert.True(a.AsSpan().SequenceEqual(b), $"{path}: contents differ");
            Assert.Equal(0, got.Read(new byte[1]));
        }
    }

    private static Listing Describe(SquashFsEntry e)
    {
        char type = e.Kind switch
        {
            EntryKind.Directory => 'd',
            EntryKind.RegularFile => '-',
            EntryKind.Symlink => 'l',
            EntryKind.CharacterDevice => 'c',
            EntryKind.BlockDevice => 'b',
            EntryKind.Fifo => 'p',
            _ => 's',
        };
        var mode = new StringBuilder().Append(type);
        for (int shift = 6; shift >= 0; shift -= 3)
        {
            uint bits = (e.Mode >> shift) & 7;
            uint special = (e.Mode >> 9) & (1u << (shift / 3));
            mode.Append((bits & 4) != 0 ? 'r' : '-').Append((bits & 2) != 0 ? 'w' : '-');
            char execute = shift == 0 ? 't' : 's';
            mode.Append(special != 0 ? ((bits & 1) != 0 ? execute : char.ToUpperInvariant(execute)) : (bits & 1) != 0 ? 'x' : '-');
        }

        // unsquashfs 4.5.1 prints a device as (rdev >> 8, rdev & 0xFF) of the on-disk word, which is right only for
        // minors below 256; rebuild the word from our decoded numbers and print it the same way.
        uint rdev = (e.DeviceMajor << 8) | (e.DeviceMinor & 0xFF) | ((e.DeviceMinor & ~0xFFu) << 12);
        string size = e.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice ? $"{rdev >> 8},{rdev & 0xFF}" : e.Size.ToString(CultureInfo.InvariantCulture);
        string time = DateTimeOffset.FromUnixTimeSeconds(e.ModificationTime).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new Listing(mode.ToString(), e.Uid, e.Gid, size, time, e.Path, e.LinkTarget);
    }

    private static Listing ParseListingLine(string line)
    {
        var match = ListingPattern().Match(line);
        Assert.True(match.Success, $"Unexpected unsquashfs line: {line}");
        string mode = match.Groups["mode"].Value;
        string path = match.Groups["path"].Success ? match.Groups["path"].Value[1..] : string.Empty;
        string? target = null;
        if (mode[0] == 'l')
        {
            int arrow = path.IndexOf(" -> ", StringComparison.Ordinal);
            target = path[(arrow + 4)..];
            path = path[..arrow];
        }

        string size = match.Groups["major"].Success ? $"{match.Groups["major"].Value},{match.Groups["minor"].Value}" : match.Groups["size"].Value;
        return new Listing(mode, uint.Parse(match.Groups["uid"].Value, CultureInfo.InvariantCulture), uint.Parse(match.Groups["gid"].Value, CultureInfo.InvariantCulture), size, match.Groups["time"].Value, path, target);
    }

    [GeneratedRegex(@"^(?<mode>\S{10}) (?<uid>\d+)/(?<gid>\d+) +(?:(?<major>\d+), *(?<minor>\d+)|(?<size>\d+)) (?<time>\d{4}-\d\d-\d\d \d\d:\d\d) squashfs-root(?<path>/.*)?$")]
    private static partial Regex ListingPattern();

    private sealed record Listing(string Mode, uint Uid, uint Gid, string Size, string Time, string Path, string? Target);
}
