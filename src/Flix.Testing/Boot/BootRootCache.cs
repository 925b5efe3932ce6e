using Flix.Core;
using Flix.Core.Tree;
using Flix.Oci.Sources;
using Flix.Testing.Host;

namespace Flix.Testing.Boot;

/// <summary>
/// The boot root Flix makes once and keeps: Debian trixie with systemd, systemd-sysv and dbus (systemd 257, which
/// reloads itself after merging an extension with EXTENSION_RELOAD_MANAGER=1) and iptables, which Flatcar's base has
/// and container engines' extensions (docker, k3s…) rely on; built with mmdebstrap from the
/// machine's Debian mirror under the cache folder, behind a lock so that concurrent runs build it once.
/// </summary>
public static class BootRootCache
{
    public const string Suite = "trixie";

    /// <summary>Bump when the recipe changes, so that an older root is not reused.</summary>
    private const int RecipeVersion = 2;

    private static readonly string[] Packages = ["systemd", "systemd-sysv", "dbus", "iptables"];

    /// <summary><c>$XDG_CACHE_HOME/flix/boot-roots</c>, else <c>~/.cache/flix/boot-roots</c>.</summary>
    public static string DefaultFolder => Path.Combine(ImageSourceOptions.DefaultCacheDirectory, "boot-roots");

    /// <summary>What the cached root is, for reports.</summary>
    public static string Description => $"Debian {Suite} with {string.Join(", ", Packages)} (mmdebstrap, cached)";

    /// <summary>The cached root in <paramref name="cacheFolder"/> (default <see cref="DefaultFolder"/>), built first when missing.</summary>
    public static async Task<string> GetAsync(string? cacheFolder, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        string folder = cacheFolder ?? DefaultFolder;
        string entry = Path.Combine(folder, $"debian-{Suite}-systemd-v{RecipeVersion}");
        string root = Path.Combine(entry, "rootfs");
        if (Directory.Exists(root))
        {
            return root;
        }

        Directory.CreateDirectory(folder);
        await using var held = await LockAsync(entry + ".lock", cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(root))
        {
            return root;
        }

        string mmdebstrap = HostProcess.Require("mmdebstrap", "mmdebstrap");
        progress?.Report($"Building the boot root once: {Description} into {entry} (a few minutes)…");
        string building = entry + ".building-" + Environment.ProcessId;
        TreeRemover.TryDelete(building);
        Directory.CreateDirectory(building);
        try
        {
            var arguments = new List<string> { "--quiet", "--variant=minbase", "--include=" + string.Join(',', Packages), "--format=directory" };
            if ((File.GetUnixFileMode("/dev/null") & UnixFileMode.OtherWrite) == 0)
            {
                arguments.Add("--aptopt=APT::Sandbox::User \"root\""); // apt's sandbox user cannot write a /dev/null that is not 0666
            }

            arguments.AddRange([Suite, Path.Combine(building, "rootfs")]);
            var result = await HostProcess.RunAsync(mmdebstrap, arguments, timeout: TimeSpan.FromMinutes(30), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var lines = (result.Error + result.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                throw new FlixException($"mmdebstrap could not build the boot root (exit {result.ExitCode}): {string.Join(" / ", lines.TakeLast(3))}; give a root with --root DIR or --image IMAGE instead.");
            }

            Directory.Move(building, entry);
        }
        catch
        {
            TreeRemover.TryDelete(building);
            throw;
        }

        return root;
    }

    /// <summary>Checks that <paramref name="root"/> can boot: it has systemd as /usr/lib/systemd/systemd or /lib/systemd/systemd.</summary>
    public static void RequireSystemd(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new FlixException($"The boot root '{root}' does not exist.");
        }

        if (!File.Exists(Path.Combine(root, "usr/lib/systemd/systemd")) && !File.Exists(Path.Combine(root, "lib/systemd/systemd")))
        {
            throw new FlixException($"'{root}' has no systemd (usr/lib/systemd/systemd): flix test --boot needs a root file system with systemd, e.g. an image with the systemd and dbus packages.");
        }
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
