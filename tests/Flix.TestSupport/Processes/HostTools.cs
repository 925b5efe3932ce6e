namespace Flix.TestSupport.Processes;

/// <summary>
/// The programs and privileges the tests need from the machine. A missing one fails the test with the Debian package
/// that provides it (tools/install-deps.sh installs them all); nothing is skipped.
/// </summary>
public static class HostTools
{
    /// <summary>Debian packages of the programs whose package is not named like them, for the "missing program" message.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["unshare"] = "util-linux", ["findmnt"] = "util-linux", ["setpriv"] = "util-linux", ["mount"] = "mount", ["umount"] = "mount",
        ["htpasswd"] = "apache2-utils", ["getfattr"] = "attr", ["setfattr"] = "attr", ["setcap"] = "libcap2-bin",
        ["find"] = "findutils", ["xargs"] = "findutils", ["diff"] = "diffutils", ["sh"] = "dash", ["bwrap"] = "bubblewrap",
        ["unsquashfs"] = "squashfs-tools", ["mksquashfs"] = "squashfs-tools", ["mkfs.erofs"] = "erofs-utils", ["fsck.erofs"] = "erofs-utils",
        ["readelf"] = "binutils", ["strip"] = "binutils", ["musl-gcc"] = "musl-tools", ["systemd-sysext"] = "systemd",
        ["stat"] = "coreutils", ["sha256sum"] = "coreutils", ["touch"] = "coreutils", ["mknod"] = "coreutils", ["mkfifo"] = "coreutils",
        ["chroot"] = "coreutils", ["timeout"] = "coreutils", ["cp"] = "coreutils", ["chmod"] = "coreutils", ["chown"] = "coreutils",
        ["ln"] = "coreutils", ["od"] = "coreutils", ["rm"] = "coreutils", ["id"] = "coreutils", ["gpg"] = "gnupg", ["gpgconf"] = "gpgconf",
    };

    /// <summary>The full path of <paramref name="program"/> on PATH; throws naming its Debian package when it is missing.</summary>
    public static string Require(string program) =>
        FindOnPath(program) ?? throw new InvalidOperationException(
            $"The test program `{program}` is not on PATH: install the Debian package `{PackageOf(program)}` (apt-get install -y {PackageOf(program)}; tools/install-deps.sh does).");

    /// <summary>The Debian package that installs <paramref name="program"/> (qemu-ARCH-static: qemu-user-static).</summary>
    public static string PackageOf(string program) =>
        program.StartsWith("qemu-", StringComparison.Ordinal) ? "qemu-user-static" : Packages.GetValueOrDefault(program, program);

    /// <summary>The full path of the executable <paramref name="program"/> on PATH (then in the sbin folders), or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Throws unless the tests run as root; <paramref name="why"/> says what needs it.</summary>
    public static void RequireRoot(string why = "it builds root file systems, device nodes and mount namespaces")
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"This test must run as root: {why}.");
        }
    }
}
