using System.Formats.Tar;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Flix.Oci.Layers;

namespace Flix.Oci.Tests.Layers;

/// <summary>Well-formed layers applied as root: every entry type, metadata, whiteouts, opaque directories, replacements.</summary>
public sealed class LayerApplierTests
{
    private static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Theory]
    [InlineData(TarEntryFormat.Pax)] // PAX: long names in records
    [InlineData(TarEntryFormat.Gnu)] // GNU: long names in 'L'/'K' entries
    [InlineData(TarEntryFormat.Ustar)] // ustar: prefix + name
    public async Task EveryEntryTypeLandsOnDiskAndInTheModel(TarEntryFormat format)
    {
        Assert.Equal(0u, Libc.GetEUid());
        using var scratch = new Scratch();
        // ustar holds a long path only as a 155-byte prefix and a 100-byte name.
        string longDir = format == TarEntryFormat.Ustar ? "usr/share/" + new string('d', 60) + "/" + new string('e', 60) : "usr/share/" + new string('d', 120);
        string longName = new string('f', format == TarEntryFormat.Ustar ? 90 : 150);
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        var layer = new LayerBuilder(format)
            .Directory("usr/", (UnixFileMode)0x1ED)
            .Directory("usr/bin/", (UnixFileMode)0x1E8 /* 0750 */, 1000, 1001)
            .File("usr/bin/tool", "#!/bin/sh\n", (UnixFileMode)0x9ED /* 04755 */, 0, 0)
            .File("usr/bin/big", big)
            .File("/usr/bin/sealed", "nobody may read\n", 0, 7, 8)
            .File("./usr/bin/sticky", "x", (UnixFileMode)0x3FF /* 01777 */)
            .Symlink("usr/bin/sh", "/usr/bin/tool")
            .HardLink("usr/bin/tool2", "usr/bin/tool")
            .Directory(longDir)
            .File(longDir + "/" + longName, "long\n")
            .Directory("dev/")
            .Device("dev/null", TarEntryType.CharacterDevice, 1, 3, (UnixFileMode)0x1B6)
            .Device("dev/loop0", TarEntryType.BlockDevice, 7, 0)
            .Fifo("run/fifo")
            .ToArray();
        var result = await scratch.ApplyAsync(layer);

        Assert.Empty(result.Warnings);
        Assert.Equal(14, result.Entries);
        Assert.Equal(10 + big.Length + 16 + 1 + 5, result.Bytes);

        var bin = scratch.Stat("usr/bin");
        Assert.Equal(0x41E8u, (uint)bin.Mode);
        Assert.Equal((1000u, 1001u), (bin.Uid, bin.Gid));
        Assert.Equal(LayerBuilder.Time.ToUnixTimeSeconds(), bin.MTime.Seconds);
        var tool = scratch.Stat("usr/bin/tool");
        Assert.Equal(0x89EDu, (uint)tool.Mode);
        Assert.Equal(2u, tool.NLink);
        Assert.Equal(tool.Ino, scratch.Stat("usr/bin/tool2").Ino);
        Assert.Equal(big, File.ReadAllBytes(Path.Combine(scratch.Root, "usr/bin/big")));
        var sealedFile = scratch.Stat("usr/bin/sealed");
        Assert.Equal((0x8000u, 7u, 8u), ((uint)sealedFile.Mode, sealedFile.Uid, sealedFile.Gid));
        Assert.Equal(0x83FFu, (uint)scratch.Stat("usr/bin/sticky").Mode);
        Assert.Equal("/usr/bin/tool", new FileInfo(Path.Combine(scratch.Root, "usr/bin/sh")).LinkTarget);
        Assert.Equal("long\n", scratch.Read(longDir + "/" + longName));
        var nul = scratch.Stat("dev/null");
        Assert.Equal((0x21B6u, 1u, 3u, 6u), ((uint)nul.Mode, nul.RDevMajor, nul.RDevMinor, nul.Gid));
        var loop = scratch.Stat("dev/loop0");
        Assert.Equal((0x6000u, 7u, 0u), ((uint)loop.Mode & 0xF000, loop.RDevMajor, loop.RDevMinor));
        Assert.Equal(0x1000u, scratch.Stat("run/fifo").Mode & 0xF000u);

        var model = scratch.Model;
        Assert.Same(model.Find("usr/bin/tool"), model.Find("usr/bin/tool2"));
        Assert.Equal(0x9EDu, model.Find("usr/bin/tool")!.Mode);
        Assert.Equal((1000u, 1001u), (model.Find("usr/bin")!.Uid, model.Find("usr/bin")!.Gid));
        Assert.Equal(EntryKind.Symlink, model.Find("usr/bin/sh")!.Kind);
        Assert.Equal("/usr/bin/tool", model.Find("usr/bin/sh")!.LinkTarget);
        var nullNode = model.Find("dev/null")!;
        Assert.Equal((EntryKind.CharacterDevice, 1u, 3u), (nullNode.Kind, nullNode.DeviceMajor, nullNode.DeviceMinor));
        Assert.Equal(EntryKind.BlockDevice, model.Find("dev/loop0")!.Kind);
        Assert.Equal(EntryKind.Fifo, model.Find("run/fifo")!.Kind);
        Assert.Equal(EntryKind.Directory, model.Find("run")!.Kind); // implied parent
        var bigContent = Assert.IsType<DiskFileContent>(model.Find("usr/bin/big")!.Content);
        Assert.Equal(Path.Combine(scratch.Root, "usr/bin/big"), bigContent.Path);
        Assert.Equal(big.Length, bigContent.Length);
        Assert.Equal(LayerBuilder.Time.ToUnixTimeSeconds(), model.Find("usr/bin/tool")!.ModificationTime);
    }

    [Fact]
    public async Task XattrsFromPaxRecordsAreSetAndModelled()
    {
        using var scratch = new Scratch();
        var pax = new Dictionary<string, string>
        {
            ["SCHILY.xattr.security.capability"] = Encoding.Latin1.GetString(Capability),
            ["SCHILY.xattr.user.note"] = "hello",
            ["LIBARCHIVE.xattr.user.binary"] = Convert.ToBase64String([0xFF, 0x00, 0x80]).TrimEnd('='),
            ["SCHILY.xattr.trusted.overlay.opaque"] = "y",
        };
        var layer = new LayerBuilder().File("bin/ping", "ping", (UnixFileMode)0x1ED, 0, 0, pax).ToArray();
        var result = await scratch.ApplyAsync(layer);

        var node = scratch.Model.Find("bin/ping")!;
        Assert.Equal(Capability, node.ExtendedAttributes["security.capability"]);
        Assert.Equal("hello"u8.ToArray(), node.ExtendedAttributes["user.note"]);
        Assert.Equal(new byte[] { 0xFF, 0x00, 0x80 }, node.ExtendedAttributes["user.binary"]);
        Assert.False(node.ExtendedAttributes.ContainsKey("trusted.overlay.opaque"));
        Assert.Contains(result.Warnings, w => w.Contains("trusted.overlay.opaque") && w.Contains("bin/ping"));

        var onDisk = DirectoryTreeReader.ReadXattrs(Path.Combine(scratch.Root, "bin/ping")).ToDictionary(x => x.Name, x => x.Value);
        Assert.Equal(Capability, onDisk["security.capability"]);
        Assert.Equal("hello"u8.ToArray(), onDisk["user.note"]);
        Assert.False(onDisk.ContainsKey("trusted.overlay.opaque"));
    }

    [Fact]
    public async Task LargeIdsFromPaxRecordsAreKept()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(OwnedLayer("2147483646"));
        var node = scratch.Model.Find("owned")!;
        Assert.Equal((2147483646u, 2147483646u), (node.Uid, node.Gid));
        var stat = scratch.Stat("owned");
        Assert.Equal((2147483646u, 2147483646u), (stat.Uid, stat.Gid));
    }

    [Fact]
    public async Task IdsBeyondWhatTheTarReaderHoldsAreAClearError()
    {
        // System.Formats.Tar keeps ids as Int32: a PAX uid of 2^32-2 cannot be read at all.
        using var scratch = new Scratch();
        var error = await Assert.ThrowsAsync<LayerFormatException>(() => scratch.ApplyAsync(OwnedLayer("4294967294"), digest: "sha256:" + new string('b', 64)));
        Assert.Contains(new string('b', 64), error.Message);
        Assert.False(scratch.Exists("owned"));
    }

    private static byte[] OwnedLayer(string id) =>
    [
        .. RawTar.PaxHeader(("uid", id), ("gid", id)),
        .. RawTar.Header("owned"u8.ToArray(), '0', 1),
        .. RawTar.Pad("x"u8.ToArray()),
        .. RawTar.End(),
    ];

    [Fact]
    public async Task WhiteoutsRemoveEntriesOfLowerLayers()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder()
            .File("a/b", "b").File("a/c", "c").File("d/e/f", "f").Symlink("s", "/nowhere").ToArray());
        var result = await scratch.ApplyAsync(new LayerBuilder()
            .Whiteout("a/.wh.b").Whiteout(".wh.d").Whiteout(".wh.s").Whiteout("a/.wh.missing").ToArray());

        Assert.Equal(4, result.Whiteouts);
        Assert.False(scratch.Exists("a/b"));
        Assert.True(scratch.Exists("a/c"));
        Assert.False(scratch.Exists("d"));
        Assert.False(scratch.Exists("s"));
        Assert.False(scratch.Exists("a/.wh.b"));
        Assert.Null(scratch.Model.Find("a/b"));
        Assert.Null(scratch.Model.Find("d"));
        Assert.Null(scratch.Model.Find("s"));
        Assert.NotNull(scratch.Model.Find("a/c"));
        Assert.DoesNotContain(".wh.", ModelDump.Describe(scratch.Model));
    }

    [Theory]
    [InlineData(true)] // the opaque marker before the layer's own children
    [InlineData(false)] // the marker after them: they stay all the same
    public async Task OpaqueDirectoryKeepsOnlyThisLayersEntries(bool markerFirst)
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder()
            .File("dir/x", "x").File("dir/sub/y", "y").File("dir/sub/z", "z").File("other/keep", "k").ToArray());
        var layer = new LayerBuilder().Directory("dir/");
        if (markerFirst)
        {
            layer.Whiteout("dir/.wh..wh..opq");
        }

        layer.File("dir/new", "n").File("dir/sub/z", "z2");
        if (!markerFirst)
        {
            layer.Whiteout("dir/.wh..wh..opq");
        }

        await scratch.ApplyAsync(layer.ToArray());

        Assert.Equal(["dir/new", "dir/sub", "dir/sub/z"], Entries(scratch, "dir"));
        Assert.Equal("z2", scratch.Read("dir/sub/z"));
        Assert.False(scratch.Exists("dir/x"));
        Assert.False(scratch.Exists("dir/sub/y"));
        Assert.True(scratch.Exists("other/keep"));
        Assert.False(scratch.Exists("dir/.wh..wh..opq"));
    }

    [Fact]
    public async Task WhiteoutLeavesWhatTheSameLayerWrote()
    {
        using var scratch = new Scratch();
        var result = await scratch.ApplyAsync(new LayerBuilder().File("a/kept", "k").Whiteout("a/.wh.kept").ToArray());
        Assert.Equal("k", scratch.Read("a/kept"));
        Assert.NotNull(scratch.Model.Find("a/kept"));
        Assert.Contains(result.Warnings, w => w.Contains("a/kept"));
    }

    [Fact]
    public async Task DirectoryAndFileReplaceEachOther()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().File("p/child", "c").File("q", "file").ToArray());
        await scratch.ApplyAsync(new LayerBuilder().File("p", "now a file").Directory("q/").ToArray());
        Assert.Equal("now a file", scratch.Read("p"));
        Assert.Equal(EntryKind.RegularFile, scratch.Model.Find("p")!.Kind);
        Assert.Equal(EntryKind.Directory, scratch.Model.Find("q")!.Kind);
        Assert.Equal(0x4000u, scratch.Stat("q").Mode & 0xF000u);

        // A later entry below a file makes the file a directory (as umoci does).
        await scratch.ApplyAsync(new LayerBuilder().File("p/again", "a").ToArray());
        Assert.Equal("a", scratch.Read("p/again"));
        Assert.True(scratch.Model.Find("p")!.IsDirectory);
    }

    [Fact]
    public async Task DirectoryOverDirectoryUpdatesMetadataAndKeepsChildren()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().Directory("etc/", (UnixFileMode)0x1ED).File("etc/passwd", "root").ToArray());
        await scratch.ApplyAsync(new LayerBuilder().Directory("etc/", (UnixFileMode)0x1C0, 5, 6).ToArray());
        Assert.Equal("root", scratch.Read("etc/passwd"));
        var stat = scratch.Stat("etc");
        Assert.Equal((0x41C0u, 5u, 6u), ((uint)stat.Mode, stat.Uid, stat.Gid));
        Assert.Equal((0x1C0u, 5u), (scratch.Model.Find("etc")!.Mode, scratch.Model.Find("etc")!.Uid));
        Assert.NotNull(scratch.Model.Find("etc/passwd"));
    }

    [Fact]
    public async Task DirectoryOverDirectoryReplacesItsXattrs()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().Directory("d/", pax: new Dictionary<string, string> { ["SCHILY.xattr.user.old"] = "1" }).ToArray());
        await scratch.ApplyAsync(new LayerBuilder().Directory("d/", pax: new Dictionary<string, string> { ["SCHILY.xattr.user.new"] = "2" }).ToArray());
        var onDisk = DirectoryTreeReader.ReadXattrs(Path.Combine(scratch.Root, "d")).Select(x => x.Name).ToList();
        Assert.Equal(["user.new"], onDisk);
        Assert.Equal(["user.new"], scratch.Model.Find("d")!.ExtendedAttributes.Keys);
    }

    [Fact]
    public async Task HardLinkKeepsItsContentWhenTheFirstNameIsWhitedOut()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().File("f", "shared").HardLink("g", "f").ToArray());
        await scratch.ApplyAsync(new LayerBuilder().Whiteout(".wh.f").ToArray());
        var node = scratch.Model.Find("g")!;
        var content = Assert.IsType<DiskFileContent>(node.Content);
        Assert.Equal(Path.Combine(scratch.Root, "g"), content.Path);
        using var reader = new StreamReader(content.OpenRead());
        Assert.Equal("shared", reader.ReadToEnd());
    }

    [Fact]
    public async Task HardLinkKeepsTheOldInodeWhenTheSameLayerClobbersItsTarget()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().File("f", "old").HardLink("g", "f").File("f", "new").ToArray());
        Assert.Equal("old", scratch.Read("g"));
        Assert.Equal("new", scratch.Read("f"));
        using var reader = new StreamReader(scratch.Model.Find("g")!.Content!.OpenRead());
        Assert.Equal("old", reader.ReadToEnd());
        Assert.NotSame(scratch.Model.Find("f"), scratch.Model.Find("g"));
    }

    [Fact]
    public async Task HardLinkToASymlinkLinksTheSymlinkItself()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder().Symlink("s", "../outside/f").HardLink("h", "s").ToArray());
        Assert.Equal(0xA000u, scratch.Stat("h").Mode & 0xF000u);
        Assert.Same(scratch.Model.Find("s"), scratch.Model.Find("h"));
    }

    [Fact]
    public async Task GzipAndZstdLayersAreRead()
    {
        using var scratch = new Scratch();
        var tar = new LayerBuilder().File("gz", "gzip").ToArray();
        await scratch.ApplyAsync(LayerBuilder.Gzip(tar), mediaType: OciMediaTypes.LayerGzip);
        Assert.Equal("gzip", scratch.Read("gz"));

        var big = new byte[3_000_000];
        new Random(3).NextBytes(big.AsSpan(0, 1_000_000));
        var zstdTar = new LayerBuilder().File("zs", big).ToArray();
        await scratch.ApplyAsync(ExternalTools.Zstd(zstdTar), mediaType: OciMediaTypes.LayerZstd);
        Assert.Equal(big, File.ReadAllBytes(Path.Combine(scratch.Root, "zs")));
    }

    [Fact]
    public async Task ConcatenatedGzipMembersAreAllRead()
    {
        using var scratch = new Scratch();
        var tar = new LayerBuilder().File("one", "1").File("two", "2").ToArray();
        int split = 1024; // after the first entry's header and data block
        byte[] blob = [.. LayerBuilder.Gzip(tar[..split]), .. LayerBuilder.Gzip(tar[split..])];
        await scratch.ApplyAsync(blob, mediaType: OciMediaTypes.DockerLayerGzip);
        Assert.Equal("2", scratch.Read("two"));
    }

    [Fact]
    public async Task UnprivilegedOptionsKeepDevicesInTheModelOnly()
    {
        using var scratch = new Scratch();
        var result = await scratch.ApplyAsync(
            new LayerBuilder().Device("dev/sda", TarEntryType.BlockDevice, 8, 0).File("secret", "s", 0, 5, 5).ToArray(),
            new LayerApplyOptions { Privileged = false });
        Assert.Equal(0x8000u, scratch.Stat("dev/sda").Mode & 0xF000u);
        Assert.Equal(0u, scratch.Stat("dev/sda").Size);
        Assert.Equal((EntryKind.BlockDevice, 8u), (scratch.Model.Find("dev/sda")!.Kind, scratch.Model.Find("dev/sda")!.DeviceMajor));
        Assert.Contains(result.Warnings, w => w.Contains("dev/sda"));
        Assert.Equal(0x180u, scratch.Stat("secret").Mode & 0xFFFu); // readable by its owner on disk
        Assert.Equal((0u, 5u, 5u), (scratch.Model.Find("secret")!.Mode, scratch.Model.Find("secret")!.Uid, scratch.Model.Find("secret")!.Gid));
    }

    [Fact]
    public async Task ModesAndOwnersAreExactWhateverTheUmaskAndSetGroupIdParents()
    {
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder()
            .Directory("group/", (UnixFileMode)0x5FD /* 02775 */, 0, 50)
            .File("group/file", "f")
            .Directory("group/sub/")
            .Directory("open/", (UnixFileMode)0x1FF /* 0777, more than any usual umask lets through */)
            .File("open/shared", "s", (UnixFileMode)0x1B6 /* 0666 */)
            .File("open/plain", "p")
            .File("open/plain", "again", (UnixFileMode)0x1E4 /* 0744: the same name twice, the last wins */)
            .File("open/after", "a", (UnixFileMode)0x1FF /* 0777 */)
            .ToArray());

        Assert.Equal(0x41FFu, (uint)scratch.Stat("open").Mode);
        Assert.Equal(0x81B6u, (uint)scratch.Stat("open/shared").Mode);
        Assert.Equal((0x81E4u, "again"), ((uint)scratch.Stat("open/plain").Mode, scratch.Read("open/plain")));
        Assert.Equal(0x81FFu, (uint)scratch.Stat("open/after").Mode);
        Assert.Equal((0x45FDu, 50u), ((uint)scratch.Stat("group").Mode, scratch.Stat("group").Gid));
        // Made in a set-group-id directory, they would take its group and (a directory) its bit: the layer's win.
        Assert.Equal((0x81A4u, 0u), ((uint)scratch.Stat("group/file").Mode, scratch.Stat("group/file").Gid));
        Assert.Equal((0x41EDu, 0u), ((uint)scratch.Stat("group/sub").Mode, scratch.Stat("group/sub").Gid));
    }

    private static string[] Entries(Scratch scratch, string directory) =>
        scratch.Model.Walk().Select(e => e.Path).Where(p => p.StartsWith(directory + "/", StringComparison.Ordinal)).ToArray();
}
