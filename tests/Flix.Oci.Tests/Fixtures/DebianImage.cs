using System.Security.Cryptography;
using System.Text;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// A real Debian rootfs as an OCI image: <c>mmdebstrap --variant=essential SUITE</c> (as root, from Debian's
/// mirror) archived with GNU tar, wrapped as one gzip layer by <see cref="OciLayoutBuilder"/>. Built once and cached
/// under <see cref="CacheDirectory"/> by a key of the recipe; concurrent test runs wait on a lock file.
/// </summary>
public static class DebianImage
{
    /// <summary>Bump when the recipe changes, so that old cache entries are not reused.</summary>
    private const int RecipeVersion = 1;

    /// <summary>The default cache; <c>FLIX_TEST_CACHE</c> overrides it.</summary>
    public const string DefaultCacheDirectory = "/var/tmp/flix-test-cache";

    /// <summary>mtimes are clamped to this (2024-01-02) so that the tar, and so the layer digest, depend on the packages only.</summary>
    private const string SourceDateEpoch = "1704164645";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CacheDirectory => Environment.GetEnvironmentVariable("FLIX_TEST_CACHE") is { Length: > 0 } custom ? custom : DefaultCacheDirectory;

    /// <summary>Debian trixie, essential variant.</summary>
    public static Task<DebianImageLayout> TrixieAsync(CancellationToken ct = default) => GetAsync("trixie", [], ct);

    /// <summary>The image of <paramref name="suite"/> with <paramref name="includes"/> added, built on first use.</summary>
    public static async Task<DebianImageLayout> GetAsync(string suite, IReadOnlyList<string> includes, CancellationToken ct = default)
    {
        string recipe = $"v{RecipeVersion} mmdebstrap --variant=essential {suite} | tar include={string.Join(',', includes)} gzip";
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..16];
        string folder = Path.Combine(CacheDirectory, $"debian-{suite}-{key}");
        var image = new DebianImageLayout(Path.Combine(folder, "layout"), suite, Path.Combine(folder, "rootfs.tar"));

        await Gate.WaitAsync(ct);
        try
        {
            if (Directory.Exists(folder))
            {
                return image;
            }

            Directory.CreateDirectory(CacheDirectory);
            await using var lockFile = await LockAsync(folder + ".lock", ct);
            if (Directory.Exists(folder))
            {
                return image;
            }

            Tool.RequireRoot("mmdebstrap builds the Debian rootfs as root");
            string building = folder + ".building-" + Environment.ProcessId;
            ScratchDirectory.DeleteTree(building);
            Directory.CreateDirectory(building);
            try
            {
                // mmdebstrap 1.3.5 --format=tar fails here with "tar: .: file changed as we read it": build a
                // directory, then archive it with GNU tar (sorted names, numeric owners, xattrs, clamped mtimes).
                string tree = Path.Combine(building, "tree");
                string tar = Path.Combine(building, "rootfs.tar");
                var arguments = new List<string> { "--quiet", "--variant=essential", "--format=directory" };
                if (includes.Count > 0)
                {
                    arguments.Add("--include=" + string.Join(',', includes));
                }

                arguments.AddRange([suite, tree]);
                var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = SourceDateEpoch };
                var result = await Tool.RunAsync("mmdebstrap", arguments, timeout: TimeSpan.FromMinutes(10), environment: environment, ct: ct);
                result.EnsureSuccess();
                await Tool.RunCheckedAsync("tar",
                [
                    "--create", "--file", tar, "--format=pax", "--sort=name", "--numeric-owner",
                    "--xattrs", "--xattrs-include=*", "--pax-option=delete=atime,delete=ctime",
                    "--mtime=@" + SourceDateEpoch, "--clamp-mtime", "--directory", tree, ".",
                ], ct);
                ScratchDirectory.DeleteTree(tree);

                var builder = new OciLayoutBuilder(Path.Combine(building, "layout"));
                await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromTarFile(tar)), suite, ct);
                await File.WriteAllTextAsync(Path.Combine(building, "recipe"), recipe + "\n", ct);
                Directory.Move(building, folder);
            }
            catch
            {
                ScratchDirectory.DeleteTree(building);
                throw;
            }

            return image;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Holds an exclusive lock file, waiting while another test run holds it.</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
