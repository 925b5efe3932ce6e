using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Infrastructure;

/// <summary>
/// Checks what the integration tests need from the machine. Anything missing fails the tests with a message
/// naming it and the Debian package that provides it; nothing is skipped silently.
/// </summary>
public static class Prerequisites
{
    /// <summary>Programs the oracles and fixtures run, with the Debian package of each.</summary>
    private static readonly (string Program, string Package)[] Programs =
    [
        ("unshare", "util-linux"),
        ("mount", "mount"),
        ("umount", "mount"),
        ("unsquashfs", "squashfs-tools"),
        ("mksquashfs", "squashfs-tools"),
        ("systemd-sysext", "systemd"),
        ("getfattr", "attr"),
        ("setfattr", "attr"),
        ("setcap", "libcap2-bin"),
        ("diff", "diffutils"),
        ("find", "findutils"),
        ("stat", "coreutils"),
        ("mknod", "coreutils"),
        ("sha256sum", "coreutils"),
        ("cp", "coreutils"),
        ("chmod", "coreutils"),
        ("chown", "coreutils"),
        ("ln", "coreutils"),
        ("touch", "coreutils"),
        ("xargs", "findutils"),
        ("findmnt", "util-linux"),
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _verdict;

    /// <summary>Throws with the list of everything missing; checks the machine once per test run.</summary>
    public static async Task RequireAsync(CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            _verdict ??= await CheckAsync(ct);
        }
        finally
        {
            Gate.Release();
        }

        if (_verdict.Length > 0)
        {
            throw new InvalidOperationException(_verdict);
        }
    }

    /// <summary>An empty string when everything is there, else one line per missing thing.</summary>
    public static async Task<string> CheckAsync(CancellationToken ct = default)
    {
        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            missing.Add("root: the tests mount images, create device nodes and change owners; run them as root (e.g. `sudo dotnet test`).");
        }

        foreach (var (program, package) in Programs)
        {
            if (FindOnPath(program) is null)
            {
                missing.Add($"`{program}` is not on PATH: install the Debian package `{package}` (apt-get install -y {package}).");
            }
        }

        if (!File.Exists("/dev/loop-control"))
        {
            missing.Add("loop devices: /dev/loop-control is missing; load the kernel module (`modprobe loop`) or run where loop devices are available.");
        }

        foreach (var fileSystem in new[] { "squashfs", "overlay" })
        {
            if (!await HasFileSystemAsync(fileSystem, ct))
            {
                missing.Add($"kernel file system `{fileSystem}` is not available: `modprobe {fileSystem}` failed (kernel without {fileSystem} support).");
            }
        }

        if (Environment.IsPrivilegedProcess && FindOnPath("unshare") is not null)
        {
            var probe = await PrivateNamespace.RunAsync("mount -t tmpfs tmpfs \"$1\"", ["/mnt"], ct: ct);
            if (probe.ExitCode != 0)
            {
                missing.Add($"private mount namespaces: `unshare --mount` with a tmpfs mount failed ({probe.StandardError.Trim()}); run as root outside a restricted container.");
            }
        }

        return missing.Count == 0
            ? string.Empty
            : "The integration tests cannot run on this machine:" + Environment.NewLine + string.Join(Environment.NewLine, missing.Select(m => " - " + m));
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task<bool> HasFileSystemAsync(string name, CancellationToken ct)
    {
        if (Listed())
        {
            return true;
        }

        if (FindOnPath("modprobe") is not null)
        {
            await ProcessRunner.RunAsync("modprobe", [name], ct: ct);
        }

        return Listed();

        bool Listed() => File.ReadLines("/proc/filesystems").Any(line => line.Split('\t').LastOrDefault() == name);
    }
}
