namespace Flix.TestSupport.Trees;

/// <summary>
/// One entry of a directory tree as lstat(2) and the tools see it. <see cref="Type"/> is find's letter:
/// f d l b c p s.
/// </summary>
public sealed record TreeEntry
{
    /// <summary>Path relative to the tree root; "" is the root itself.</summary>
    public required string Path { get; init; }

    public required char Type { get; init; }

    /// <summary>Permission bits including suid, sgid and sticky (07777).</summary>
    public required uint Permissions { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public required long Size { get; init; }

    /// <summary>Whole seconds since the epoch.</summary>
    public required long ModificationTime { get; init; }

    public required ulong Inode { get; init; }

    public required uint LinkCount { get; init; }

    public string? LinkTarget { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    /// <summary>Lower-case hex SHA-256 of a regular file's content.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Extended attributes: name → value as getfattr's hex (0x…).</summary>
    public IReadOnlyDictionary<string, string> Xattrs { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
