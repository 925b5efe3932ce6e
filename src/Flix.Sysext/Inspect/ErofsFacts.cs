namespace Flix.Sysext.Inspect;

/// <summary>What the superblock of an EROFS image says, as <see cref="SysextInspector"/> reports it.</summary>
public sealed record ErofsFacts
{
    public required int BlockSize { get; init; }

    public required ulong InodeCount { get; init; }

    /// <summary>The build time, which every compact inode takes as its mtime (mkfs.erofs -T).</summary>
    public required DateTimeOffset BuildTime { get; init; }

    /// <summary>The incompatible features in mkfs.erofs's names (0padding, big_pcluster, ztailpacking, …).</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The algorithms the image's compressed files use (lz4), or none.</summary>
    public required string Compression { get; init; }

    public required string Uuid { get; init; }
}
