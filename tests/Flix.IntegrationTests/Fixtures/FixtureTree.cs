namespace Flix.IntegrationTests.Fixtures;

/// <summary>
/// A tree on disk built by <see cref="FixtureTreeBuilder"/>: everything sits below <see cref="Subdirectory"/>
/// (a place that is valid inside a sysext), and the paths below name what each corner case is.
/// </summary>
public sealed record FixtureTree(string Root)
{
    /// <summary>Where the fixture content lives, relative to <see cref="Root"/>.</summary>
    public const string Subdirectory = "usr/lib/flix-fixture";

    /// <summary>Device nodes, the fifo and the socket: kept together so content diffs can leave them out.</summary>
    public const string SpecialsDirectory = "specials";

    /// <summary>The directory with <see cref="ManyCount"/> entries.</summary>
    public const string ManyDirectory = Subdirectory + "/many";

    public const int ManyCount = 10_000;

    public const int BlockSize = 131_072;

    public const long LargeSize = 100L * 1024 * 1024;

    /// <summary>Offset of the data after the hole in the sparse file.</summary>
    public const long SparseDataOffset = 8L * 1024 * 1024;

    /// <summary>An mtime older than any epoch the tests pass, so clamping must keep it.</summary>
    public const long OldModificationTime = 1_000_000_000;

    public string FixturePath => Path.Combine(Root, Subdirectory);

    /// <summary>Hard-link groups, as paths relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string[]> HardLinkGroups { get; } =
    [
        [Subdirectory + "/files/hardlink-a", Subdirectory + "/files/hardlink-b", Subdirectory + "/links/hardlink-c"],
        [Subdirectory + "/modes/suid", Subdirectory + "/modes/suid-link"],
    ];

    /// <summary>Names of exactly 255 UTF-8 bytes, below <c>names/</c>.</summary>
    public static IReadOnlyList<string> LongNames { get; } =
    [
        new string('n', 255),
        new string('é', 127) + "x", // 2-byte characters
        string.Concat(Enumerable.Repeat("\U0001F600", 63)) + "abc", // 4-byte characters (above U+FFFF)
        string.Concat(Enumerable.Repeat("\uE000", 85)), // 3-byte characters of the private use area
    ];

    /// <summary>Shorter names outside ASCII, below <c>names/</c>.</summary>
    public static IReadOnlyList<string> UnicodeNames { get; } =
    [
        "café-ünïcödé",
        "emoji-\U0001F600-clef-\U0001D11E",
        "private-use-\uE000-\uF8FF",
        "specials-\uFFFC-\uFFFE-\uFFFF",
        "with space and 'quote'",
        "日本語のファイル名",
    ];
}
