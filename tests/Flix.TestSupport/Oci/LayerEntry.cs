using System.Text;

namespace Flix.TestSupport.Oci;

/// <summary>
/// One entry of a layer tar, described as data. Use the factory methods (<see cref="File(string, string, int, int, int)"/>,
/// <see cref="Whiteout"/>, …); <see cref="Raw"/> writes header bytes as given, for hostile archives.
/// </summary>
public sealed record LayerEntry
{
    /// <summary>The default mtime of entries: 2024-01-02T03:04:05Z, so that layer digests never depend on the clock.</summary>
    public static readonly DateTimeOffset DefaultModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_704_164_645);

    public required string Name { get; init; }

    public required LayerEntryKind Kind { get; init; }

    /// <summary>Permission bits including suid (04000), sgid (02000) and sticky (01000).</summary>
    public int Mode { get; init; }

    public long Uid { get; init; }

    public long Gid { get; init; }

    public DateTimeOffset ModificationTime { get; init; } = DefaultModificationTime;

    public byte[] Content { get; init; } = [];

    /// <summary>Target of a symbolic link, or the archive name a hard link points at.</summary>
    public string? LinkTarget { get; init; }

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    /// <summary>Extended attributes, written as PAX <c>SCHILY.xattr.NAME</c> records.</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>When set, the entry is written as these header fields exactly, without PAX records.</summary>
    public RawTarHeader? RawHeader { get; init; }

    public static LayerEntry File(string name, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid);

    public static LayerEntry File(string name, byte[] content, int mode = 0b110_100_100, int uid = 0, int gid = 0) =>
        new() { Name = name, Kind = LayerEntryKind.File, Content = content, Mode = mode, Uid = uid, Gid = gid };

    public static LayerEntry Directory(string name, int mode = 0b111_101_101, int uid = 0, int gid = 0) =>
        new() { Name = name.EndsWith('/') ? name : name + "/", Kind = LayerEntryKind.Directory, Mode = mode, Uid = uid, Gid = gid };

    public static LayerEntry Symlink(string name, string target, int uid = 0, int gid = 0) =>
        new() { Name = name, Kind = LayerEntryKind.SymbolicLink, LinkTarget = target, Mode = 0b111_111_111, Uid = uid, Gid = gid };

    /// <summary>A hard link <paramref name="name"/> to the earlier archive entry <paramref name="target"/>.</summary>
    public static LayerEntry HardLink(string name, string target) =>
        new() { Name = name, Kind = LayerEntryKind.HardLink, LinkTarget = target, Mode = 0b110_100_100 };

    public static LayerEntry CharacterDevice(string name, int major, int minor, int mode = 0b110_110_110) =>
        new() { Name = name, Kind = LayerEntryKind.CharacterDevice, DeviceMajor = major, DeviceMinor = minor, Mode = mode };

    public static LayerEntry BlockDevice(string name, int major, int minor, int mode = 0b110_110_000) =>
        new() { Name = name, Kind = LayerEntryKind.BlockDevice, DeviceMajor = major, DeviceMinor = minor, Mode = mode };

    public static LayerEntry Fifo(string name, int mode = 0b110_100_100) =>
        new() { Name = name, Kind = LayerEntryKind.Fifo, Mode = mode };

    /// <summary>The whiteout <c>DIR/.wh.BASE</c> that deletes <paramref name="path"/> from lower layers.</summary>
    public static LayerEntry Whiteout(string path)
    {
        string trimmed = path.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string name = slash < 0 ? ".wh." + trimmed : trimmed[..(slash + 1)] + ".wh." + trimmed[(slash + 1)..];
        return new() { Name = name, Kind = LayerEntryKind.File, Mode = 0b110_100_100 };
    }

    /// <summary>The opaque marker <c>DIR/.wh..wh..opq</c> that hides every lower-layer child of <paramref name="directory"/>.</summary>
    public static LayerEntry Opaque(string directory) =>
        new() { Name = directory.TrimEnd('/') + "/.wh..wh..opq", Kind = LayerEntryKind.File, Mode = 0b110_100_100 };

    /// <summary>An entry written as <paramref name="header"/> says, byte for byte (names with NUL, <c>..</c>, huge sizes).</summary>
    public static LayerEntry Raw(RawTarHeader header) =>
        new() { Name = Encoding.Latin1.GetString(header.Name), Kind = (LayerEntryKind)header.TypeFlag, RawHeader = header, Content = header.Data };

    /// <summary>This entry with one more extended attribute.</summary>
    public LayerEntry WithXattr(string name, byte[] value)
    {
        var xattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, existing) in Xattrs)
        {
            xattrs[key] = existing;
        }

        xattrs[name] = value;
        return this with { Xattrs = xattrs };
    }

    public LayerEntry WithXattr(string name, string value) => WithXattr(name, Encoding.UTF8.GetBytes(value));

    public LayerEntry WithOwner(long uid, long gid) => this with { Uid = uid, Gid = gid };

    public LayerEntry WithTime(DateTimeOffset modificationTime) => this with { ModificationTime = modificationTime };
}
