using Flix.TestSupport.Cache;
using Flix.TestSupport.Debian;
using Flix.TestSupport.Foreign;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests.Fixtures;

/// <summary>
/// The root file systems of the ELF corpus: Debian trixie trees built by mmdebstrap from the machine's own mirror
/// (<see cref="DebianTrees"/>, cached machine-wide), and for another architecture, when its packages cannot be
/// downloaded (a mirror that does not hold every architecture's newest packages), the <see cref="CrossCorpus"/> built
/// from this machine's own cross packages. <c>ARCH/cross</c> asks for the cross corpus whatever the mirror holds.
/// Tests only read them.
/// </summary>
public static class Rootfs
{
    /// <summary>
    /// The mirror the per-architecture trees come from instead of the machine's own: point it at a path that answers
    /// 404 (e.g. http://deb.debian.org/debian/missing) to see the cross corpus take over.
    /// </summary>
    public const string ForeignMirrorVariable = "FLIX_TEST_FOREIGN_MIRROR";

    /// <summary>How long a failed per-architecture download is remembered (the cross corpus serves meanwhile).</summary>
    private static readonly TimeSpan RememberFailure = TimeSpan.FromHours(6);

    /// <summary>amd64, essential plus programs with many libraries: runs in a chroot.</summary>
    public static Task<string> Amd64Async() =>
        DebianTrees.GetAsync(new DebianTreeRequest("trixie", "amd64", "essential", ["b3sum", "procps", "less", "curl", "file", "xz-utils", "zstd"]));

    /// <summary>
    /// A root file system of <paramref name="arch"/> (a Debian name; <c>ARCH/cross</c> for the cross corpus): Debian's
    /// coreutils, bash and C library, unpacked only (nothing runs at build time), or else the cross corpus.
    /// </summary>
    public static async Task<string> ExtractAsync(string arch)
    {
        var architecture = ForeignArchitecture.Get(arch.Split('/')[0]);
        if (arch.EndsWith("/cross", StringComparison.Ordinal))
        {
            return await CrossCorpus.GetAsync(architecture);
        }

        var request = new DebianTreeRequest("trixie", architecture.Name, "extract", ["coreutils", "bash", "libc6", "libc-bin"])
        {
            MirrorUri = Environment.GetEnvironmentVariable(ForeignMirrorVariable) is { Length: > 0 } mirror ? mirror : null,
        };
        try
        {
            return await DebianTrees.GetAsync(request, RememberFailure);
        }
        catch (FixtureUnavailableException exception)
        {
            await Console.Error.WriteLineAsync($"The Debian {arch} tree is unavailable, the ELF tests use the cross corpus instead: {exception.Message}");
            return await CrossCorpus.GetAsync(architecture);
        }
    }

    /// <summary>Where the tree at <paramref name="root"/> comes from: the first line of its cache entry's recipe.</summary>
    public static string Describe(string root)
    {
        string recipe = Path.Combine(Path.GetDirectoryName(root)!, "recipe");
        return File.Exists(recipe) ? $"{root}: {File.ReadLines(recipe).First()}" : root;
    }

    /// <summary>The regular ELF files of <paramref name="root"/> (find -type f never follows links), sorted.</summary>
    public static async Task<IReadOnlyList<string>> ElfFilesAsync(string root, params string[] folders)
    {
        string[] starts = folders.Length == 0 ? [root] : [.. folders.Select(folder => Path.Combine(root, folder)).Where(Directory.Exists)];
        var found = await ProcessRunner.RunAsync("find", [.. starts, "-xdev", "-type", "f", "-size", "+0"]);
        found.EnsureSuccess();
        return [.. found.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !path.Contains("/proc/", StringComparison.Ordinal) && ElfFile.IsElf(path))
            .Order(StringComparer.Ordinal)];
    }
}
