namespace Flix.HostileRoot.Tests.Support;

/// <summary>What a corpus case must end in: a clean build, or an error whose one line names what was wrong.</summary>
/// <param name="Clean">Whether the build must succeed.</param>
/// <param name="Mentions">For an error, text its line must hold (the file's path in the image, the bad value).</param>
/// <param name="Files">
/// For a clean build, files of the extension (path in the extension → exact text) that must come out as given: the
/// rewritten unit files. The case is then built with <c>--format dir</c> so that they can be read back.
/// </param>
public sealed record Expectation(bool Clean, IReadOnlyList<string> Mentions, IReadOnlyDictionary<string, string>? Files = null)
{
    public static Expectation Build { get; } = new(true, []);

    public static Expectation Error(params string[] mentions) => new(false, mentions);

    /// <summary>A clean build whose extension holds <paramref name="files"/> exactly.</summary>
    public static Expectation BuildWith(IReadOnlyDictionary<string, string> files) => new(true, [], files);
}
