using Flix.Core.Tree;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

/// <summary>Options for tests: a fresh cache, quick retries, and an empty environment so no real auth file is read.</summary>
internal static class TestOptions
{
    /// <summary>One folder for this test run's caches, removed when the test process ends.</summary>
    private static readonly Lazy<string> CacheRoot = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("flix-cache-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TreeRemover.TryDelete(root);
        return root;
    });

    public static ImageSourceOptions Create(string? cache = null) => new()
    {
        CacheDirectory = cache ?? Directory.CreateDirectory(Path.Combine(CacheRoot.Value, Guid.NewGuid().ToString("N"))).FullName,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        Environment = new Dictionary<string, string>(),
    };
}
