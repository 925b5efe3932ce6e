using System.Formats.Tar;
using System.Text;
using Flix.Core.Tree;
using Flix.Oci.Layers;

namespace Flix.Oci.Tests.Layers;

/// <summary>
/// Hostile layers, one row each. Every row applies a set-up layer (symlinks from the root to the sentinel
/// directory beside it), then the hostile layer, and checks (a) the documented error naming the digest and the
/// entry, or the documented safe handling, and (b) that nothing outside the root changed.
/// </summary>
public sealed class HostileLayerTests
{
    private const string Digest = "sha256:4e5f0000000000000000000000000000000000000000000000000000deadbeef";

    /// <summary>A hostile case: its layer, how to open it, and the error expected (entry and text) or a check of the safe outcome.</summary>
    private sealed record Case(
        Func<Scratch, byte[]> Layer,
        string? Entry = null,
        string? Error = null,
        Action<Scratch>? Safe = null,
        string MediaType = OciMediaTypes.Layer,
        long Cap = LayerDecompression.DefaultMaxDecompressedBytes,
        LayerApplyOptions? Options = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // A '..' component is an error wherever it is.
        ["dotdot"] = new(_ => new LayerBuilder().File("../x", "x").ToArray(), "../x", "'..'"),
        ["dotdot-inner"] = new(_ => new LayerBuilder().File("a/../../x", "x").ToArray(), "a/../../x", "'..'"),
        ["dotdot-dot"] = new(_ => new LayerBuilder().File("./../x", "x").ToArray(), "./../x", "'..'"),

        // An absolute name is stripped of its leading '/' and lands inside the root.
        ["absolute"] = new(_ => new LayerBuilder().File("/etc/passwd", "root::0:0::/:/bin/sh\n").ToArray(), Safe: s =>
        {
            Assert.Equal("root::0:0::/:/bin/sh\n", s.Read("etc/passwd"));
            Assert.NotNull(s.Model.Find("etc/passwd"));
        }),

        // Writing below a symlinked directory is an error, wherever the link points.
        ["symlink-parent-relative"] = new(_ => new LayerBuilder().File("evil/file", "x").ToArray(), "evil/file", "symlink"),
        ["symlink-parent-absolute"] = new(_ => new LayerBuilder().File("absevil/file", "x").ToArray(), "absevil/file", "symlink"),
        ["symlink-parent-far-up"] = new(_ => new LayerBuilder().File("escape/etc/x", "x").ToArray(), "escape/etc/x", "symlink"),
        ["symlink-parent-same-layer"] = new(s => new LayerBuilder().Symlink("mine", s.Outside).Directory("mine/sub/").ToArray(), "mine/sub/", "symlink"),
        ["symlink-parent-inside-root"] = new(_ => new LayerBuilder().Directory("usr/lib/").Symlink("lib", "usr/lib").File("lib/x", "x").ToArray(), "lib/x", "symlink"),
        ["symlink-parent-mkdir-below"] = new(_ => new LayerBuilder().File("evil/new/deeper/f", "x").ToArray(), "evil/new/deeper/f", "symlink"),

        // Hard links: outside, missing, directories and through symlinks are errors.
        ["hardlink-dotdot"] = new(_ => new LayerBuilder().HardLink("h", "../outside/f").ToArray(), "h", "'..'"),
        ["hardlink-absolute-host"] = new(_ => new LayerBuilder().HardLink("h", "/etc/hostname-not-in-root").ToArray(), "h", "does not exist"),
        ["hardlink-missing"] = new(_ => new LayerBuilder().HardLink("h", "nothing/here").ToArray(), "h", "does not exist"),
        ["hardlink-directory"] = new(_ => new LayerBuilder().HardLink("h", "d").ToArray(), "h", "is a directory"),
        ["hardlink-via-symlink-parent"] = new(_ => new LayerBuilder().HardLink("h", "evil/f").ToArray(), "h", "symlink"),
        ["hardlink-in-symlink-parent"] = new(_ => new LayerBuilder().HardLink("evil/h", "d/f").ToArray(), "evil/h", "symlink"),
        ["hardlink-to-root"] = new(_ => new LayerBuilder().HardLink("h", "./").ToArray(), "h", "root"),
        ["hardlink-to-symlink-then-write"] = new(_ => new LayerBuilder().HardLink("h", "evil").File("h/f", "x").ToArray(), "h/f", "symlink"),

        // Whiteouts naming the root, '..' or something through a symlink.
        ["whiteout-dotdot"] = new(_ => new LayerBuilder().Whiteout(".wh...").ToArray(), ".wh...", "'..'"),
        ["whiteout-root"] = new(_ => new LayerBuilder().Whiteout(".wh..").ToArray(), ".wh..", "'.'"),
        ["whiteout-empty"] = new(_ => new LayerBuilder().Whiteout("d/.wh.").ToArray(), "d/.wh.", "''"),
        ["whiteout-parent-dotdot"] = new(_ => new LayerBuilder().Whiteout("../.wh.x").ToArray(), "../.wh.x", "'..'"),
        ["whiteout-in-symlink-dir"] = new(_ => new LayerBuilder().Whiteout("evil/.wh.f").ToArray(), "evil/.wh.f", "symlink"),
        ["whiteout-with-content"] = new(_ => new LayerBuilder().File("d/.wh.f", "data").ToArray(), "d/.wh.f", "content"),
        ["opaque-in-symlink-dir"] = new(_ => new LayerBuilder().Whiteout("evil/.wh..wh..opq").ToArray(), "evil/.wh..wh..opq", "symlink"),
        ["opaque-in-absolute-symlink-dir"] = new(_ => new LayerBuilder().Whiteout("absevil/.wh..wh..opq").ToArray(), "absevil/.wh..wh..opq", "symlink"),

        // Whiting out a symlink removes the link, never its target.
        ["whiteout-of-symlink"] = new(_ => new LayerBuilder().Whiteout(".wh.evil").ToArray(), Safe: s =>
        {
            Assert.False(s.Exists("evil"));
            Assert.Null(s.Model.Find("evil"));
        }),

        // A name holding NUL (in a PAX record) and names over PATH_MAX or NAME_MAX.
        ["name-with-nul"] = new(_ => [.. RawTar.PaxHeader(("path", "ok\0/../../x")), .. RawTar.Header("placeholder"u8.ToArray(), '0', 0), .. RawTar.End()],
            "ok\0/../../x", "NUL"),
        ["name-over-path-max"] = new(_ => new LayerBuilder().File(string.Join('/', Enumerable.Repeat("abcdefghij", 420)), "x").ToArray(),
            string.Join('/', Enumerable.Repeat("abcdefghij", 420)), "4096"),
        ["component-over-name-max"] = new(_ => new LayerBuilder().File(new string('n', 300), "x").ToArray(), new string('n', 300), "255"),
        ["symlink-target-with-nul"] = new(_ => [.. RawTar.PaxHeader(("linkpath", "/etc\0x")), .. RawTar.Header("sl"u8.ToArray(), '2', 0), .. RawTar.End()],
            "sl", "NUL"),

        // Sizes: an entry over the limit (checked before a byte is written), a header claiming 8 GiB, a bomb.
        ["entry-over-limit"] = new(_ => new LayerBuilder().File("big", new byte[2 << 20]).ToArray(), "big", "limit",
            Options: new LayerApplyOptions { MaxEntrySize = 1 << 20 }),
        ["entry-claims-8-gib"] = new(_ => [.. RawTar.Header("huge"u8.ToArray(), '0', (8L << 30) - 1), .. RawTar.End()], "huge", "limit",
            Options: new LayerApplyOptions { MaxEntrySize = 1L << 30 }),
        ["total-over-limit"] = new(_ => new LayerBuilder().File("a", new byte[600_000]).File("b", new byte[600_000]).ToArray(), "b", "limit",
            Options: new LayerApplyOptions { MaxTotalSize = 1_000_000 }),
        ["too-many-entries"] = new(_ => new LayerBuilder().File("1", "").File("2", "").File("3", "").ToArray(), "3", "entries",
            Options: new LayerApplyOptions { MaxEntries = 2 }),
        ["pax-header-of-8-gib"] = new(_ => [.. RawTar.Header("PaxHeader"u8.ToArray(), 'x', (8L << 30) - 1), .. new byte[4096]], null, "first tar header"),
        ["gnu-long-name-of-8-gib"] = new(_ => [.. new LayerBuilder(TarEntryFormat.Ustar).File("ok", "x").ToArray()[..1024], .. RawTar.Header("././@LongLink"u8.ToArray(), 'L', (8L << 30) - 1), .. new byte[4096]],
            "ok", "after this entry"),
        ["gzip-bomb"] = new(_ => LayerBuilder.Gzip(new LayerBuilder().File("zeros", new byte[40 << 20]).ToArray()), "zeros", "decompresses to more than",
            MediaType: OciMediaTypes.LayerGzip, Cap: 8 << 20),

        // The same name twice in one layer: the last one wins.
        ["duplicate-file-then-dir"] = new(_ => new LayerBuilder().File("dup", "file").Directory("dup/").File("dup/x", "x").ToArray(), Safe: s =>
        {
            Assert.Equal("x", s.Read("dup/x"));
            Assert.True(s.Model.Find("dup")!.IsDirectory);
        }),
        ["duplicate-dir-then-symlink-then-file"] = new(s => new LayerBuilder().Directory("dup/").Symlink("dup", s.Outside).File("dup", "last").ToArray(), Safe: s =>
        {
            Assert.Equal("last", s.Read("dup"));
            Assert.Equal(EntryKind.RegularFile, s.Model.Find("dup")!.Kind);
        }),

        // Device nodes without privileges: a placeholder on disk, the device in the model.
        ["device-unprivileged"] = new(_ => new LayerBuilder().Device("dev/mem", TarEntryType.CharacterDevice, 1, 1).ToArray(), Safe: s =>
        {
            Assert.Equal(0x8000u, s.Stat("dev/mem").Mode & 0xF000u);
            Assert.Equal((EntryKind.CharacterDevice, 1u, 1u), (s.Model.Find("dev/mem")!.Kind, s.Model.Find("dev/mem")!.DeviceMajor, s.Model.Find("dev/mem")!.DeviceMinor));
            Assert.Contains(s.Results[^1].Warnings, w => w.Contains("dev/mem") && w.Contains(Digest));
        }, Options: new LayerApplyOptions { Privileged = false }),

        // A symlink replaced by a file: the file replaces the link and nothing is written through it.
        ["symlink-replaced-by-file"] = new(_ => new LayerBuilder().File("link", "replaced").ToArray(), Safe: s =>
        {
            Assert.Equal(0x8000u, s.Stat("link").Mode & 0xF000u);
            Assert.Equal("replaced", s.Read("link"));
        }),
        ["symlink-replaced-by-dir"] = new(_ => new LayerBuilder().Directory("evil/", (UnixFileMode)0x1FF).ToArray(), Safe: s =>
        {
            Assert.Equal(0x4000u, s.Stat("evil").Mode & 0xF000u);
            Assert.True(s.Model.Find("evil")!.IsDirectory);
        }),

        // A file replaced by a symlink to outside, then an entry written through it.
        ["file-then-symlink-then-write"] = new(s => new LayerBuilder().File("x", "x").Symlink("x", s.Outside).File("x/f", "pwned").ToArray(), "x/f", "symlink"),

        // Chained symlinks: c1 -> c2 -> outside.
        ["chained-symlinks"] = new(_ => new LayerBuilder().Symlink("c2", "../outside").Symlink("c1", "c2").File("c1/f", "pwned").ToArray(), "c1/f", "symlink"),
        ["chained-absolute-symlinks"] = new(s => new LayerBuilder().Symlink("a1", "/a2").Symlink("a2", s.Outside).File("a1/sub/g", "pwned").ToArray(), "a1/sub/g", "symlink"),

        // The root itself as a symlink or a file.
        ["root-as-symlink"] = new(s => new LayerBuilder().Symlink("./", s.Outside).ToArray(), "./", "root"),
        ["root-as-file"] = new(_ => new LayerBuilder().File("/", "x").ToArray(), "/", "root"),

        // Truncated tar: the entry claims 10 KB, the stream ends after 3 KB; no partial file is left.
        ["truncated"] = new(_ => [.. RawTar.Header("trunc"u8.ToArray(), '0', 10_000), .. new byte[3_000]], "trunc", null, Safe: null),

        // Corrupted compression and media types that lie.
        ["corrupted-gzip"] = new(_ => Corrupt(LayerBuilder.Gzip(new LayerBuilder().File("f", new byte[200_000]).File("g", "g").ToArray())), "f", "data", // found reading f's data or the header after it, as reads fall
            MediaType: OciMediaTypes.LayerGzip),
        ["gzip-bad-crc-trailer"] = new(_ => CorruptTrailer(LayerBuilder.Gzip(new LayerBuilder().File("f", "x").ToArray())), null, "malformed",
            MediaType: OciMediaTypes.LayerGzip),
        ["zstd-type-gzip-bytes"] = new(_ => LayerBuilder.Gzip(new LayerBuilder().File("f", "x").ToArray()), null, "says zstd but the data is gzip",
            MediaType: OciMediaTypes.LayerZstd),
        ["gzip-type-plain-tar"] = new(_ => new LayerBuilder().File("f", "x").ToArray(), null, "says gzip but the data is uncompressed tar",
            MediaType: OciMediaTypes.LayerGzip),
        ["zstd-window-over-128-mib"] = new(_ => ExternalTools.Zstd(new LayerBuilder().File("f", "x").ToArray(), "--long=31"), null, "zstd",
            MediaType: OciMediaTypes.LayerZstd),
        ["truncated-zstd"] = new(_ => ExternalTools.Zstd(new LayerBuilder().File("f", new byte[100_000]).ToArray())[..40], null, null,
            MediaType: OciMediaTypes.LayerZstd),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileLayerFailsOrIsHandledAndNothingOutsideChanges(string name)
    {
        var hostile = Cases[name];
        using var scratch = new Scratch();
        await scratch.ApplyAsync(new LayerBuilder()
            .Symlink("evil", "../outside")
            .Symlink("absevil", scratch.Outside)
            .Symlink("escape", "../../../../../../../../..")
            .Symlink("link", "../outside/f")
            .File("d/f", "inside")
            .ToArray());
        string before = scratch.ListOutside();

        Exception? error = null;
        try
        {
            var digest = Digest;
            using var stream = LayerDecompression.Open(new MemoryStream(hostile.Layer(scratch)), hostile.MediaType, digest, hostile.Cap);
            var result = await LayerApplier.ApplyAsync(stream, digest, scratch.Root, scratch.Model, hostile.Options ?? new LayerApplyOptions());
            scratch.Results.Add(result);
        }
        catch (Exception e)
        {
            error = e;
        }

        Assert.Equal(before, scratch.ListOutside());
        if (hostile.Safe is { } check)
        {
            Assert.Null(error);
            check(scratch);
            return;
        }

        var layerError = Assert.IsType<LayerFormatException>(error);
        Assert.Equal(Digest, layerError.LayerDigest);
        Assert.Contains(Digest, layerError.Message);
        Assert.Equal(hostile.Entry, layerError.EntryName);
        if (hostile.Entry is not null)
        {
            Assert.Contains(hostile.Entry.Replace("\0", "\\x00", StringComparison.Ordinal), layerError.Message);
        }

        if (hostile.Error is not null)
        {
            Assert.Contains(hostile.Error, layerError.Message);
        }

        // A file whose data was cut short is not left behind.
        if (name is "truncated")
        {
            Assert.False(scratch.Exists(hostile.Entry!));
            Assert.Null(scratch.Model.Find(hostile.Entry!));
        }
    }

    /// <summary>Flips the CRC-32 of the gzip trailer: only reading to the very end finds it.</summary>
    private static byte[] CorruptTrailer(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        copy[^8] ^= 0xFF;
        return copy;
    }

    private static byte[] Corrupt(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        for (int i = copy.Length / 3; i < copy.Length / 3 + 16; i++)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }
}
