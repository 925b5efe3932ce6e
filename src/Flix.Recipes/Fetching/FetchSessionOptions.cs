using Flix.Fetch;

namespace Flix.Recipes.Fetching;

/// <summary>How a recipe's fetches go: the cache, mirrors, offline, verification, credentials' environment.</summary>
public sealed record FetchSessionOptions
{
    /// <summary>The cache folder; default <c>$XDG_CACHE_HOME/flix</c>.</summary>
    public string? CacheDirectory { get; init; }

    public MirrorMap Mirrors { get; init; } = MirrorMap.None;

    public bool Offline { get; init; }

    /// <summary>Take artifacts without a checksum to verify against (said on stderr and in the report).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Reads GITHUB_TOKEN, AWS_*, HOME, XDG_*; default the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public Flix.Fetch.Http.RetryPolicy Retry { get; init; } = new();

    /// <summary>The cache folder these options name.</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrEmpty(CacheDirectory))
        {
            return CacheDirectory;
        }

        var xdg = Environment("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "flix");
        }

        var home = Environment("HOME");
        return Path.Combine(string.IsNullOrEmpty(home) ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) : home, ".cache", "flix");
    }
}
