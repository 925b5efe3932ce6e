using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// A catalogue of hostile layers for the layer applier's tests, after reference/hostile-inputs.md (cases 23,
/// 25–36, 39). Each is data only; <see cref="All"/> feeds a <c>[Theory]</c> through <see cref="TheoryRows"/>.
/// "Outside" below always means outside the target root.
/// </summary>
public static class HostileLayers
{
    public static IReadOnlyList<HostileLayer> All { get; } =
    [
        One("26-dotdot", "a file named ../../etc/passwd", "rejected, or written inside the root; nothing outside",
            LayerEntry.File("../../etc/passwd", "pwned\n")),
        One("26-absolute", "a file named /etc/passwd", "written as ROOT/etc/passwd (or rejected); never the host file",
            LayerEntry.File("/etc/passwd", "pwned\n")),
        One("26-inner-dotdot", "a/../../x climbs out through a clean-looking prefix", "rejected or kept inside",
            LayerEntry.Directory("a"), LayerEntry.File("a/../../x", "pwned\n")),
        One("26-dot-slash", "./../x", "rejected or kept inside",
            LayerEntry.File("./../x", "pwned\n")),
        One("27-nul-name", "a raw header whose name holds NUL: etc/pass\\0../../x", "read as etc/pass (C string) or rejected; never ../../x",
            LayerEntry.Raw(new RawTarHeader { Name = "etc/pass\0../../x"u8.ToArray(), Data = "pwned\n"u8.ToArray() })),
        One("27-long-component", "a name component of 300 bytes", "a clear error naming the entry",
            LayerEntry.File(new string('x', 300), "long\n")),
        One("27-newline-backslash", "names with a newline and a backslash", "kept as literal bytes inside the root",
            LayerEntry.File("new\nline", "1"), LayerEntry.File("back\\slash", "2")),
        One("28-symlink-dir-escape", "symlink localetc -> /etc, then file localetc/x", "lands in ROOT/etc/x",
            LayerEntry.Directory("etc"), LayerEntry.Symlink("localetc", "/etc"), LayerEntry.File("localetc/x", "inside\n")),
        One("29-relative-link-escape", "symlink a -> ../../../../.., then a/etc/x", "lands in ROOT/etc/x",
            LayerEntry.Symlink("a", "../../../../.."), LayerEntry.File("a/etc/x", "inside\n")),
        One("29-link-chain", "b -> /c, c -> ../../d, then b/x", "resolved inside the root: ROOT/d/x",
            LayerEntry.Symlink("b", "/c"), LayerEntry.Symlink("c", "../../d"), LayerEntry.File("b/x", "inside\n")),
        One("30-dot-symlink", "an entry for . that is a symlink to /", "rejected: the root never changes type",
            LayerEntry.Symlink(".", "/"), LayerEntry.File("x", "x")),
        One("30-root-file", "an entry for ./ that is a regular file", "rejected",
            LayerEntry.Raw(new RawTarHeader { Name = "./"u8.ToArray(), TypeFlag = (byte)'0', Data = "x"u8.ToArray() })),
        One("31-hardlink-absolute", "hard link to /etc/passwd", "rejected or linked to ROOT/etc/passwd; never the host file",
            LayerEntry.HardLink("passwd-link", "/etc/passwd")),
        One("31-hardlink-dotdot", "hard link to ../../x", "rejected",
            LayerEntry.HardLink("up-link", "../../x")),
        One("31-hardlink-through-symlink", "dir symlink d -> /etc, then hard link to d/passwd", "resolved inside the root (missing: error)",
            LayerEntry.Symlink("d", "/etc"), LayerEntry.HardLink("through", "d/passwd")),
        One("31-hardlink-missing", "hard link to an entry that does not exist", "a clear error naming both paths",
            LayerEntry.HardLink("dangling", "nowhere")),
        One("31-hardlink-later", "hard link to an entry that comes later in the tar", "a clear error (the target is not there yet)",
            LayerEntry.HardLink("early", "late"), LayerEntry.File("late", "x")),
        Many("32-replace-symlink", "layer 1: etc/conf -> /etc/passwd; layer 2: file etc/conf", "the link is replaced by the file; the target is untouched",
            [LayerEntry.Directory("etc"), LayerEntry.Symlink("etc/conf", "/etc/passwd")],
            [LayerEntry.File("etc/conf", "replaced\n")]),
        One("33-bare-whiteout", "a whiteout named .wh. (no target)", "rejected",
            LayerEntry.File(".wh.", string.Empty)),
        One("33-whiteout-dotdot", "whiteouts .wh.. and .wh... in a directory", ".wh.. rejected (target ..); .wh... removes '..'-named nothing or is rejected",
            LayerEntry.Directory("d"), LayerEntry.File("d/.wh..", string.Empty), LayerEntry.File("d/.wh...", string.Empty)),
        Many("33-whiteout-through-symlink", "layer 1: link out -> /etc; layer 2: out/.wh.passwd and out/.wh..wh..opq", "nothing outside is deleted",
            [LayerEntry.Symlink("out", "/etc")],
            [LayerEntry.Whiteout("out/passwd"), LayerEntry.Opaque("out")]),
        Many("34-opaque-after-children", "opaque marker after this layer's own children", "this layer's children stay; lower ones go",
            [LayerEntry.Directory("d"), LayerEntry.File("d/lower", "lower\n")],
            [LayerEntry.Directory("d"), LayerEntry.File("d/upper", "upper\n"), LayerEntry.Opaque("d")]),
        One("35-same-path-thrice", "p as file, then dir, then symlink in one layer", "the last one wins: p -> target",
            LayerEntry.File("p", "file"), LayerEntry.Directory("p"), LayerEntry.Symlink("p", "target")),
        Many("36-file-then-dir", "layer 1: file a; layer 2: a/b", "a becomes a directory holding b",
            [LayerEntry.File("a", "file\n")],
            [LayerEntry.File("a/b", "b\n")]),
        One("39-max-ids", "uid and gid 4294967295 (PAX)", "applied as is, or a clear error; System.Formats.Tar throws OverflowException here",
            LayerEntry.File("nobody", "x").WithOwner(uint.MaxValue, uint.MaxValue)),
        One("23-truncated", "an entry claims 10 KB and the stream ends after 3 KB", "a clear error; no complete-looking partial file",
            LayerEntry.Raw(new RawTarHeader { Name = "truncated"u8.ToArray(), DeclaredSize = 10_240, Data = new byte[3_072] })),
        One("20-huge-size", "a header claiming 1 TiB (base-256) with a small body", "a clear error or limit; no 1 TiB allocation or file",
            LayerEntry.Raw(new RawTarHeader { Name = "huge"u8.ToArray(), DeclaredSize = 1L << 40, Data = new byte[512] })),
        One("25-socket-and-unknown", "an unknown typeflag 'Z' and a GNU sparse 'S' entry", "NotSupported or skipped with a warning naming the entry",
            LayerEntry.Raw(new RawTarHeader { Name = "odd"u8.ToArray(), TypeFlag = (byte)'Z' }),
            LayerEntry.Raw(new RawTarHeader { Name = "sparse"u8.ToArray(), TypeFlag = (byte)'S' })),
        One("38-unsafe-xattrs", "trusted.overlay.opaque and a 64 KiB user xattr", "trusted.* dropped with a warning; the huge one capped or refused",
            LayerEntry.File("x", "x").WithXattr("trusted.overlay.opaque", "y").WithXattr("user.big", new string('b', 65_536))),
        One("37-devices", "device nodes /dev/sda and /dev/mem", "created only as root; otherwise recorded, not created",
            LayerEntry.Directory("dev"), LayerEntry.BlockDevice("dev/sda", 8, 0), LayerEntry.CharacterDevice("dev/mem", 1, 1)),
    ];

    /// <summary>Rows for <c>[MemberData(nameof(HostileLayers.TheoryRows), MemberType = typeof(HostileLayers))]</c>: the id only.</summary>
    public static TheoryData<string> TheoryRows
    {
        get
        {
            var rows = new TheoryData<string>();
            foreach (var layer in All)
            {
                rows.Add(layer.Id);
            }

            return rows;
        }
    }

    public static HostileLayer Get(string id) =>
        All.SingleOrDefault(l => l.Id == id) ?? throw new ArgumentException($"No hostile layer '{id}'.", nameof(id));

    /// <summary>Each layer of <paramref name="id"/> as tar bytes.</summary>
    public static IReadOnlyList<byte[]> Tars(string id) => Get(id).Layers.Select(LayerTarWriter.ToArray).ToList();

    /// <summary>An image of the case, for pulls through a registry.</summary>
    public static ImageSpec Image(string id, LayerCompression compression = LayerCompression.Gzip) => new()
    {
        Layers = Get(id).Layers.Select(l => LayerSource.FromEntries(l, compression)).ToList(),
    };

    private static HostileLayer One(string id, string attempt, string expected, params LayerEntry[] entries) =>
        new(id, attempt, expected, [entries]);

    private static HostileLayer Many(string id, string attempt, string expected, params IReadOnlyList<LayerEntry>[] layers) =>
        new(id, attempt, expected, layers);
}
