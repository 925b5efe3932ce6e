using System.Text;
using Flix.Install.PackageManagers;
using Flix.Install.Sandbox;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Sandbox;

/// <summary>The sandbox as root on a real Debian trixie tree (mmdebstrap --variant=apt), with the real mirror.</summary>
public sealed class SandboxRunnerTests
{
    private static Task<string> TrixieAsync() => DebianTree.GetAsync("trixie", "amd64", []);

    [Fact]
    public async Task Apt_installs_jq_and_the_image_files_are_put_back()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await TrixieAsync());
        string resolv = tree.PathOf("etc/resolv.conf");
        string hosts = tree.PathOf("etc/hosts");
        File.Delete(resolv);
        await File.WriteAllTextAsync(resolv, "nameserver 192.0.2.1 # the image's own\n");
        File.SetUnixFileMode(resolv, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(hosts);
        File.CreateSymbolicLink(hosts, "../run/image-hosts");
        var before = Describe(resolv) + Describe(hosts);
        string mountsBefore = await File.ReadAllTextAsync("/proc/self/mountinfo");

        var output = new StringWriter();
        var manager = PackageManager.Detect(tree.Root);
        var commands = new List<string> { "cat /etc/resolv.conf; echo; cat /etc/hosts" };
        commands.AddRange(manager.InstallCommands(["jq"]));
        commands.Add("jq --version");
        var result = await new SandboxRunner(new SandboxOptions { Rootfs = tree.Root, Output = output }).RunAsync(commands);

        string text = output.ToString();
        Assert.Equal(PackageManagerKind.Apt, manager.Kind);
        Assert.Null(result.Emulation.Machine);
        Assert.Contains(await File.ReadAllTextAsync("/etc/resolv.conf"), text, StringComparison.Ordinal);
        Assert.Contains(await File.ReadAllTextAsync("/etc/hosts"), text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.1", text, StringComparison.Ordinal);
        Assert.Matches(@"jq-1\.\d", text);
        Assert.True(File.Exists(tree.PathOf("usr/bin/jq")), "jq is in the tree afterwards");
        Assert.Empty(Directory.GetFiles(tree.PathOf("var/lib/apt/lists"), "*Packages*"));
        Assert.False(Directory.Exists(tree.PathOf("usr/share/doc/jq")) && Directory.GetFiles(tree.PathOf("usr/share/doc/jq")).Any(f => !f.EndsWith("/copyright", StringComparison.Ordinal)),
            "documentation other than the copyright is left out");
        Assert.Equal(before, Describe(resolv) + Describe(hosts));
        Assert.Empty(Directory.GetFileSystemEntries(tree.PathOf("etc"), ".flix-saved-*"));
        Assert.Equal(mountsBefore, await File.ReadAllTextAsync("/proc/self/mountinfo"));
    }

    [Fact]
    public async Task The_commands_get_their_own_namespaces_a_minimal_dev_and_a_read_only_sys()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await TrixieAsync());
        File.Delete(tree.PathOf("etc/resolv.conf")); // a missing file gets a stand-in for the run only
        var output = new StringWriter();
        string hostPidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget!;
        await new SandboxRunner(new SandboxOptions { Rootfs = tree.Root, Output = output }).RunAsync(
        [
            "echo pid=$$; echo ns=$(readlink /proc/self/ns/pid); ls /dev | tr '\\n' ' '; echo; touch /sys/x 2>/dev/null || echo sys=ro; "
            + "echo x > /dev/null && echo null=ok; test -e /etc/resolv.conf && echo resolv=present",
        ]);

        string text = output.ToString();
        Assert.Contains("pid=1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ns=" + hostPidNamespace, text, StringComparison.Ordinal);
        Assert.Contains("fd full null ptmx pts random shm stderr stdin stdout tty urandom zero", text, StringComparison.Ordinal);
        Assert.Contains("sys=ro", text, StringComparison.Ordinal);
        Assert.Contains("null=ok", text, StringComparison.Ordinal);
        Assert.Contains("resolv=present", text, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.PathOf("etc/resolv.conf")) || new FileInfo(tree.PathOf("etc/resolv.conf")).LinkTarget is not null, "the stand-in is gone");
    }

    [Fact]
    public async Task A_command_that_leaves_the_chroot_reaches_nothing_of_the_host_and_has_no_dangerous_capability()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await TrixieAsync());
        string marker = $"/var/tmp/flix-escape-{Guid.NewGuid():N}";
        var output = new StringWriter();
        await EscapeProbe.AddDeviceNodeAsync(tree.Root);

        await new SandboxRunner(new SandboxOptions { Rootfs = tree.Root, Output = output }).RunAsync([EscapeProbe.Command(marker)]);

        EscapeProbe.AssertConfined(output.ToString(), marker);
    }

    [Fact]
    public async Task A_failing_command_stops_the_run_with_its_exit_code()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await TrixieAsync());
        var runner = new SandboxRunner(new SandboxOptions { Rootfs = tree.Root });

        var failure = await Assert.ThrowsAsync<SandboxCommandException>(() => runner.RunAsync(["touch /first", "exit 7", "touch /never"]));

        Assert.Equal(7, failure.ExitCode);
        Assert.Contains("'exit 7'", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(tree.PathOf("first")));
        Assert.False(File.Exists(tree.PathOf("never")));
    }

    [Fact]
    public async Task A_rootfs_whose_dev_is_a_link_is_refused_before_anything_runs()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await TrixieAsync());
        Directory.Delete(tree.PathOf("dev"), recursive: true);
        File.CreateSymbolicLink(tree.PathOf("dev"), "/dev");
        var runner = new SandboxRunner(new SandboxOptions { Rootfs = tree.Root });
        var leftoversBefore = Directory.GetDirectories(Path.GetTempPath(), "flix-sandbox-*").ToHashSet();

        var failure = await Assert.ThrowsAsync<SandboxException>(() => runner.RunAsync(["touch /ran"]));

        Assert.Equal(leftoversBefore.Order(StringComparer.Ordinal), Directory.GetDirectories(Path.GetTempPath(), "flix-sandbox-*").Order(StringComparer.Ordinal));
        Assert.Contains("/dev", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.PathOf("ran")));
        Assert.Equal("/dev", new FileInfo(tree.PathOf("dev")).LinkTarget);
    }

    /// <summary>An entry's type, link target, mode, inode and bytes, as a line.</summary>
    private static string Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return $"link {target}\n";
        }

        Assert.Equal(0, Flix.Core.Interop.Libc.Statx(Flix.Core.Interop.Libc.AtFdCwd, path, Flix.Core.Interop.Libc.AtSymlinkNoFollow, Flix.Core.Interop.Libc.StatxBasicStats, out var status));
        return $"file {status.Mode} {status.Ino} {Convert.ToHexString(File.ReadAllBytes(path))}\n";
    }
}
