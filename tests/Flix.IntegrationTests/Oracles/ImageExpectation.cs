namespace Flix.IntegrationTests.Oracles;

/// <summary>How an image is expected to differ from its source tree, by design of the builder.</summary>
public sealed record ImageExpectation
{
    /// <summary>Every owner becomes 0:0 (mksquashfs -all-root, flix pack --all-root).</summary>
    public bool AllRoot { get; init; }

    /// <summary>Mtimes later than this (SOURCE_DATE_EPOCH) are clamped to it; null keeps them.</summary>
    public long? ClampTime { get; init; }

    /// <summary>
    /// Paths the builder adds to the image (with the directories it creates for them), relative to the root;
    /// e.g. the extension-release file flix pack writes. They are checked by their own tests.
    /// </summary>
    public IReadOnlySet<string> AddedPaths { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Every mtime becomes this (mkfs.erofs before 1.6: -T sets times instead of clamping them); null keeps them.</summary>
    public long? FixedTime { get; init; }

    public uint MapUid(uint uid) => AllRoot ? 0 : uid;

    public uint MapGid(uint gid) => AllRoot ? 0 : gid;

    public long MapTime(long time) =>
        FixedTime ?? (ClampTime is { } clamp && time > clamp ? clamp : time);

    /// <summary>True for an added path, and for a directory that holds one (its size and link count change).</summary>
    public bool IsAdded(string path) => AddedPaths.Contains(path);

    public bool ContainsAdded(string directory) =>
        AddedPaths.Any(p => directory.Length == 0 || p.StartsWith(directory + "/", StringComparison.Ordinal));
}
