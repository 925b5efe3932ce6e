namespace Flix.Install.Tests.Support;

/// <summary>
/// A command that does what a hostile package script would: it leaves the chroot the classic way (chroot into a
/// subfolder while the working folder stays outside it, climb with "..", chroot there) with the image's perl, lists
/// what it reached, tries to write a marker on the host and into /usr, to make a block device node, to write
/// /proc/sys and to open a device node the image brought (<see cref="AddDeviceNodeAsync"/>), and prints its capability
/// bounding set.
/// </summary>
internal static class EscapeProbe
{
    /// <summary>Makes /image-null in the tree: a character device with /dev/null's numbers, mode 0666, as a layer could bring, owned by <paramref name="owner"/>.</summary>
    public static async Task AddDeviceNodeAsync(string root, string owner = "0:0")
    {
        string path = Path.Combine(root, "image-null");
        var made = await Run.ProgramAsync("mknod", ["-m", "666", path, "c", "1", "3"]);
        Assert.True(made.ExitCode == 0, made.Error);
        var owned = await Run.ProgramAsync("chown", [owner, path]);
        Assert.True(owned.ExitCode == 0, owned.Error);
    }

    public static string Command(string hostMarker) => $$"""
        perl -e 'mkdir "/tmp/x"; chroot "/tmp/x" or die "chroot: $!\n"; chdir ".." for 1..64; chroot "." or die "chroot again: $!\n";
          opendir(my $d, "/"); print "reached: ", join(" ", sort grep { !/^\./ } readdir $d), "\n";
          print open(my $m, ">", "{{hostMarker}}") ? "marker written\n" : "marker: $!\n";
          print open(my $u, ">", "/usr/flix-escape-probe") ? "usr written\n" : "usr: $!\n";'
        mknod /tmp/blk b 7 0 2>/dev/null && echo "mknod done" || echo "mknod refused"
        (echo x > /image-null) 2>/dev/null && echo "image device opened" || echo "image device refused"
        (echo flix > /proc/sys/kernel/hostname) 2>/dev/null && echo "proc/sys written" || echo "proc/sys refused"
        grep CapBnd /proc/self/status
        """;

    /// <summary>Checks the probe's output: nothing of the host reached, nothing written, no dangerous capability.</summary>
    public static void AssertConfined(string output, string hostMarker)
    {
        bool written = File.Exists(hostMarker);
        File.Delete(hostMarker); // the host as it was, whatever the outcome
        Assert.False(written, $"{hostMarker} was written from inside the sandbox");
        var reached = output.Split('\n').Single(line => line.StartsWith("reached: ", StringComparison.Ordinal))["reached: ".Length..].Split(' ');
        Assert.Contains("target", reached);
        Assert.DoesNotContain("var", reached);
        Assert.DoesNotContain("home", reached);
        Assert.DoesNotContain("root", reached);
        Assert.Contains("marker: No such file or directory", output, StringComparison.Ordinal);
        Assert.Contains("usr: Read-only file system", output, StringComparison.Ordinal);
        Assert.Contains("mknod refused", output, StringComparison.Ordinal);
        Assert.Contains("image device refused", output, StringComparison.Ordinal);
        Assert.Contains("proc/sys refused", output, StringComparison.Ordinal);
        ulong bounding = Convert.ToUInt64(output.Split('\n').Single(line => line.StartsWith("CapBnd:", StringComparison.Ordinal))["CapBnd:".Length..].Trim(), 16);
        foreach (var (name, bit) in new[] { ("sys_module", 16), ("sys_rawio", 17), ("sys_ptrace", 19), ("sys_admin", 21), ("net_admin", 12), ("mknod", 27) })
        {
            Assert.True((bounding & (1UL << bit)) == 0, $"the command may still use {name}: CapBnd {bounding:x}");
        }
    }
}
