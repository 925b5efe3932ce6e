using Flix.Install.PackageManagers;
using Flix.Install.Sandbox;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Sandbox;

/// <summary>
/// An arm64 trixie tree on this x86-64 machine: apt installs jq under qemu-user, registered in a private binfmt_misc
/// instance of the sandbox's own user namespace; the host's binfmt_misc (mounted or not, its entries) is the same after.
/// </summary>
public sealed class ForeignArchitectureTests
{
    [Fact]
    public async Task An_arm64_image_gets_a_package_installed_without_touching_the_hosts_binfmt_misc()
    {
        Run.RequireRoot();
        Run.Require("qemu-aarch64-static", "qemu-user-static");
        using var tree = await ExtractedTree.AsRootAsync(await DebianTree.GetAsync("trixie", "arm64", []));
        string before = await BinfmtStateAsync();
        var output = new StringWriter();

        var result = await new SandboxRunner(new SandboxOptions { Rootfs = tree.Root, Output = output }).RunAsync(
            ["uname -m", .. PackageManager.Detect(tree.Root).InstallCommands(["jq"]), "jq --version"]);

        Assert.Equal("aarch64", result.Emulation.Machine);
        Assert.True(result.Emulation.HostEntry is not null || result.Emulation.NeedsPrivateBinfmt);
        Assert.StartsWith("aarch64\n", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"jq-1\.\d", output.ToString());
        var header = new byte[20];
        using (var jq = File.OpenRead(tree.PathOf("usr/bin/jq")))
        {
            jq.ReadExactly(header);
        }

        Assert.Equal(183, header[18] | (header[19] << 8)); // EM_AARCH64
        Assert.Equal(before, await BinfmtStateAsync());
    }

    /// <summary>Whether binfmt_misc is mounted in this mount namespace, and every entry's text.</summary>
    private static async Task<string> BinfmtStateAsync()
    {
        var state = new System.Text.StringBuilder();
        foreach (var line in (await File.ReadAllTextAsync("/proc/self/mountinfo")).Split('\n').Where(l => l.Contains("binfmt", StringComparison.Ordinal)))
        {
            state.Append("mount ").Append(line.Split(' ')[4]).Append('\n');
        }

        if (Directory.Exists("/proc/sys/fs/binfmt_misc"))
        {
            foreach (var entry in Directory.EnumerateFiles("/proc/sys/fs/binfmt_misc").Order(StringComparer.Ordinal).Where(e => !e.EndsWith("/register", StringComparison.Ordinal)))
            {
                state.Append(entry).Append(": ").Append(await File.ReadAllTextAsync(entry)).Append('\n');
            }
        }

        return state.ToString();
    }
}
