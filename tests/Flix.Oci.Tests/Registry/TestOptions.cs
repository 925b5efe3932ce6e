using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

/// <summary>Options for tests: a fresh cache, quick retries, and an empty environment so no real auth file is read.</summary>
internal static class TestOptions
{
    public static ImageSourceOptions Create(string? cache = null) => new()
    {
        CacheDirectory = cache ?? System.IO.Directory.CreateTempSubdirectory("flix-cache-").FullName,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        Environment = new Dictionary<string, string>(),
    };
}
