using System.Globalization;
using System.Text;
using Flix.Core.Interop;
using Flix.Testing.Host;

namespace Flix.Testing.Boot;

/// <summary>
/// The files bound into the container for a test boot, and the systemd-nspawn bind options for them and for the
/// images: each extension as /run/extensions/NAME[.raw]; systemd-sysext.service enabled (a Wants= drop-in on
/// sysinit.target) with debug logging and an ExecStartPre that makes the loop device nodes a container lacks (no
/// udev); console-getty.service masked; an os-release when asked; a 0666 /dev/null when the host's is not.
/// </summary>
internal static class BootDropIns
{
    /// <summary>Loop nodes made in the container beyond the highest the host has now, for devices attached meanwhile.</summary>
    private const int SpareLoopNodes = 32;

    private const int LoopMajor = 7;

    public static IReadOnlyList<string> Write(WorkFolder work, IReadOnlyList<TestImage> images, OsReleaseChoice osRelease)
    {
        var binds = images.Select(image => $"--bind-ro={Escape(image.Path)}:/run/extensions/{Escape(image.ExtensionFileName)}").ToList();

        string sysext = work.Combine("flix-sysext.conf");
        File.WriteAllText(sysext, SysextDropIn());
        binds.Add($"--bind-ro={Escape(sysext)}:/etc/systemd/system/systemd-sysext.service.d/flix-test.conf");

        string wants = work.Combine("flix-wants.conf");
        File.WriteAllText(wants, "[Unit]\nWants=systemd-sysext.service\n");
        binds.Add($"--bind-ro={Escape(wants)}:/etc/systemd/system/sysinit.target.d/flix-test.conf");
        binds.Add("--bind-ro=/dev/null:/etc/systemd/system/console-getty.service");

        if (osRelease.Text is { } text)
        {
            string file = work.Combine("os-release");
            File.WriteAllText(file, text);
            binds.Add($"--bind-ro={Escape(file)}:/etc/os-release");
            binds.Add($"--bind-ro={Escape(file)}:/usr/lib/os-release");
        }

        // nspawn copies the host's /dev/null into the container; dbus fails when its mode is not 0666.
        if ((File.GetUnixFileMode("/dev/null") & AllReadWrite) != AllReadWrite)
        {
            string node = work.Combine("null");
            if (Libc.MkNod(node, Libc.FileTypeCharacterDevice | 0x1B6, MakeDevice(1, 3)) == 0)
            {
                Libc.ChMod(node, 0x1B6);
                binds.Add($"--bind={Escape(node)}:/dev/null");
            }
        }

        return binds;
    }

    /// <summary>nspawn splits --bind at ':' and reads backslash escapes, so both are escaped in paths.</summary>
    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

    private const UnixFileMode AllReadWrite =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The drop-in on systemd-sysext.service: debug logging (refusals are logged only at debug level) and the loop nodes.</summary>
    private static string SysextDropIn()
    {
        int count = HighestLoopIndex() + 1 + SpareLoopNodes;
        int shift = PartitionShift();
        var script = new StringBuilder();
        script.Append("test -e /dev/loop-control || mknod -m 0600 /dev/loop-control c 10 237; ");
        script.Append(CultureInfo.InvariantCulture, $"i=0; while [ $i -lt {count} ]; do test -e /dev/loop$i || mknod -m 0600 /dev/loop$i b {LoopMajor} $((i << {shift})); i=$((i + 1)); done");
        return $"""
            [Service]
            Environment=SYSTEMD_LOG_LEVEL=debug
            ExecStartPre=/bin/sh -c '{script.Replace("$", "$$")}'

            """;
    }

    private static int HighestLoopIndex() =>
        Directory.Exists("/sys/block")
            ? Directory.EnumerateDirectories("/sys/block", "loop*")
                .Select(folder => int.TryParse(Path.GetFileName(folder)[4..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1)
                .DefaultIfEmpty(-1).Max()
            : -1;

    /// <summary>The loop driver numbers minors as index &lt;&lt; fls(max_part) when partitions are enabled.</summary>
    private static int PartitionShift()
    {
        try
        {
            int maxPart = int.Parse(File.ReadAllText("/sys/module/loop/parameters/max_part").Trim(), CultureInfo.InvariantCulture);
            return maxPart > 0 ? 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maxPart) : 0;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>glibc's makedev.</summary>
    private static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((major & 0xFFFu) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFFu);
}
