using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flix.TestSupport.Files;

namespace Flix.TestSupport.Cache;

/// <summary>
/// The machine-wide cache of test fixtures (Debian trees, images, corpora) below <see cref="Root"/>: one entry per
/// name and recipe, built at most once on the machine at a time under a <see cref="FileLock"/>, in a folder beside
/// the entry that is renamed into place only when the build succeeded, so a crashed build never leaves a half entry
/// (its folder is removed by the next build of the key). Tests only read entries.
/// </summary>
public static class FixtureCache
{
    /// <summary>The cache used when <c>FLIX_TEST_CACHE</c> is not set.</summary>
    public const string DefaultRoot = "/var/tmp/flix-test-cache";

    /// <summary>How long a build may wait for another process building the same key.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(45);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The cache folder: <c>FLIX_TEST_CACHE</c>, else <see cref="DefaultRoot"/>.</summary>
    public static string Root => Environment.GetEnvironmentVariable("FLIX_TEST_CACHE") is { Length: > 0 } custom ? custom : DefaultRoot;

    /// <summary>The entry folder of <paramref name="name"/> and <paramref name="recipe"/> in <paramref name="root"/> (the key is a hash of the recipe).</summary>
    public static string EntryPath(string root, string name, string recipe) =>
        Path.Combine(root, $"{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..16]}");

    /// <summary>
    /// The folder of the entry, built first when missing: <paramref name="build"/> fills the empty folder it is given.
    /// With <paramref name="rememberFailure"/>, a failed build is recorded and, for that long, fails again at once
    /// with the same message (for fixtures that have a fallback, so warm runs do not wait on a known failure).
    /// </summary>
    public static Task<string> GetAsync(
        string name, string recipe, Func<string, CancellationToken, Task> build, TimeSpan? rememberFailure = null, CancellationToken ct = default) =>
        GetAsync(Root, name, recipe, build, rememberFailure, ct);

    /// <inheritdoc cref="GetAsync(string, string, Func{string, CancellationToken, Task}, TimeSpan?, CancellationToken)"/>
    /// <param name="root">The cache folder (the tests of the cache use their own).</param>
    public static async Task<string> GetAsync(
        string root, string name, string recipe, Func<string, CancellationToken, Task> build, TimeSpan? rememberFailure = null, CancellationToken ct = default)
    {
        string entry = EntryPath(root, name, recipe);
        if (Directory.Exists(entry))
        {
            return entry;
        }

        var gate = Gates.GetOrAdd(entry, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(root);
            using var held = await FileLock.AcquireAsync(entry + ".lock", LockTimeout, ct);
            if (Directory.Exists(entry))
            {
                return entry;
            }

            string failure = entry + ".failed";
            if (rememberFailure is { } window && File.Exists(failure) && DateTime.UtcNow - File.GetLastWriteTimeUtc(failure) < window)
            {
                throw new FixtureUnavailableException($"{await File.ReadAllTextAsync(failure, ct)} (remembered from {File.GetLastWriteTimeUtc(failure):u}; delete {failure} to try again)");
            }

            foreach (string stale in Directory.EnumerateDirectories(root, Path.GetFileName(entry) + ".building-*"))
            {
                TempDirectory.DeleteTree(stale); // left by a build that crashed: nobody else holds the lock
            }

            string building = $"{entry}.building-{Environment.ProcessId}";
            Directory.CreateDirectory(building);
            try
            {
                await build(building, ct);
                await File.WriteAllTextAsync(Path.Combine(building, "recipe"), recipe + "\n", ct);
                Directory.Move(building, entry);
                File.Delete(failure);
            }
            catch (Exception exception)
            {
                TempDirectory.DeleteTree(building);
                if (rememberFailure is not null && exception is not OperationCanceledException)
                {
                    await File.WriteAllTextAsync(failure, exception.Message, CancellationToken.None);
                }

                throw;
            }

            return entry;
        }
        finally
        {
            gate.Release();
        }
    }
}
