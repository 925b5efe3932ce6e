using System.Security.Cryptography;
using System.Text;
using Flix.TestSupport.Cache;
using Flix.TestSupport.Foreign;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests.Fixtures;

/// <summary>
/// A root file system of another architecture made from what this machine's own architecture can always install:
/// Debian's cross libraries (libc6-ARCH-cross, libstdc++6-ARCH-cross: glibc's and gcc's real builds) and the
/// programs of <c>Fixtures/cross</c> cross-compiled with gcc-TRIPLET in several link variants
/// (<c>Fixtures/cross-rootfs.sh</c>). Cached by <see cref="FixtureCache"/>; the key covers the sources and the
/// versions of the cross packages.
/// </summary>
public static class CrossCorpus
{
    /// <summary>Bump when the recipe changes in a way the hashed sources do not show.</summary>
    private const int RecipeVersion = 1;

    /// <summary>Marks the cache entries of this corpus; <see cref="Rootfs.Describe"/> reads it back.</summary>
    public const string RecipePrefix = "cross corpus";

    /// <summary>The <c>rootfs</c> folder of the corpus of <paramref name="architecture"/>, built on first use.</summary>
    public static async Task<string> GetAsync(ForeignArchitecture architecture)
    {
        HostTools.Require(architecture.GnuType + "-gcc");
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        string packages = await PackageVersionsAsync(architecture);
        string recipe = $"{RecipePrefix} v{RecipeVersion} {architecture.Name} {packages} sources {SourcesHash(fixtures)}";
        string entry = await FixtureCache.GetAsync($"elf-cross-{architecture.Name}", recipe, async (folder, ct) =>
        {
            var result = await ProcessRunner.RunAsync("sh", [
                Path.Combine(fixtures, "cross-rootfs.sh"), architecture.GnuType, architecture.Multiarch, architecture.Interpreter,
                Path.Combine(fixtures, "cross"), Path.Combine(folder, "rootfs"),
            ], timeout: TimeSpan.FromMinutes(15), ct: ct);
            result.EnsureSuccess();
        });
        return Path.Combine(entry, "rootfs");
    }

    /// <summary>"package=version …" of the cross packages the corpus is made of; a missing one fails naming it.</summary>
    private static async Task<string> PackageVersionsAsync(ForeignArchitecture architecture)
    {
        string[] packages = [$"libc6-{architecture.Name}-cross", $"libstdc++6-{architecture.Name}-cross", $"gcc-{architecture.GnuType}"];
        var query = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f", "${Package}=${Version} ", .. packages]);
        if (query.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The cross corpus of {architecture.Name} needs the Debian packages {string.Join(", ", packages)} (tools/install-deps.sh installs them): {query.StandardError.Trim()}");
        }

        return query.StandardOutput.Trim();
    }

    private static string SourcesHash(string fixtures)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(fixtures, "cross")).Append(Path.Combine(fixtures, "cross-rootfs.sh")).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
