using System.Security.Cryptography;
using System.Text;
using Flix.Elf.Tests.Support;

namespace Flix.Elf.Tests.Fixtures;

/// <summary>
/// Debian trixie root file systems built by <c>Fixtures/rootfs.sh</c> (mmdebstrap, as root) once and cached under
/// <c>/var/tmp/flix-test-cache</c> (<c>FLIX_TEST_CACHE</c> overrides it) by a key of the recipe: a folder appears only
/// complete (built aside, then renamed), and concurrent test runs wait on a lock file. Tests only read them.
/// </summary>
public static class Rootfs
{
    /// <summary>Bump when the recipe changes.</summary>
    private const int RecipeVersion = 2;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("FLIX_TEST_CACHE") is { Length: > 0 } custom ? custom : "/var/tmp/flix-test-cache";

    /// <summary>amd64, essential plus programs with many libraries: runs in a chroot.</summary>
    public static Task<string> Amd64Async() => GetAsync("amd64", "essential", "b3sum,procps,less,curl,file,xz-utils,zstd");

    /// <summary>An unpacked-only rootfs of <paramref name="arch"/> with coreutils, bash and the C library.</summary>
    public static Task<string> ExtractAsync(string arch) => GetAsync(arch, "extract", "coreutils,bash,libc6,libc-bin");

    public static async Task<string> GetAsync(string arch, string variant, string packages)
    {
        string recipe = $"v{RecipeVersion} trixie {arch} {variant} {packages}";
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
        string folder = Path.Combine(CacheDirectory, $"elf-trixie-{arch}-{variant}-{key}");
        string tree = Path.Combine(folder, "rootfs");
        await Gate.WaitAsync();
        try
        {
            if (Directory.Exists(folder))
            {
                return tree;
            }

            Tool.RequireRoot();
            Tool.Require("mmdebstrap", "mmdebstrap");
            Directory.CreateDirectory(CacheDirectory);
            await using var lockFile = await LockAsync(folder + ".lock");
            if (Directory.Exists(folder))
            {
                return tree;
            }

            string building = folder + ".building-" + Environment.ProcessId;
            await Tool.RunAsync("rm", ["-rf", "--one-file-system", building]);
            Directory.CreateDirectory(building);
            string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "rootfs.sh");
            var result = await Tool.RunAsync("sh", [script, arch, variant, packages, Path.Combine(building, "rootfs")], TimeSpan.FromMinutes(15));
            if (result.ExitCode != 0)
            {
                await Tool.RunAsync("rm", ["-rf", "--one-file-system", building]);
                result.EnsureSuccess();
            }

            await File.WriteAllTextAsync(Path.Combine(building, "recipe"), recipe + "\n");
            Directory.Move(building, folder);
            return tree;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The regular ELF files of <paramref name="root"/> (find -type f never follows links), sorted.</summary>
    public static async Task<IReadOnlyList<string>> ElfFilesAsync(string root, params string[] folders)
    {
        string[] starts = folders.Length == 0 ? [root] : [.. folders.Select(folder => Path.Combine(root, folder)).Where(Directory.Exists)];
        var found = await Tool.RunAsync("find", [.. starts, "-xdev", "-type", "f", "-size", "+0"]);
        found.EnsureSuccess();
        return [.. found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !path.Contains("/proc/", StringComparison.Ordinal) && ElfFile.IsElf(path))
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<FileStream> LockAsync(string path)
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
                await Task.Delay(500);
            }
        }
    }
}
