namespace Flix.HostileRoot.Tests.Support;

/// <summary>What a corpus case must end in: a clean build, or an error whose one line names what was wrong.</summary>
/// <param name="Clean">Whether the build must succeed.</param>
/// <param name="Mentions">For an error, text its line must hold (the file's path in the image, the bad value).</param>
public sealed record Expectation(bool Clean, IReadOnlyList<string> Mentions)
{
    public static Expectation Build { get; } = new(true, []);

    public static Expectation Error(params string[] mentions) => new(false, mentions);
}
