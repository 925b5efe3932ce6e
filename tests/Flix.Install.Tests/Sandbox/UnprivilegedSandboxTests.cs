using System.Reflection;
using Flix.Install.PackageManagers;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Sandbox;

/// <summary>
/// The sandbox as an ordinary user (nobody, through setpriv and this assembly's entry point), on a trixie tree that
/// nobody unpacked: with subordinate ids added for the test it is root inside and apt installs; without them the error
/// says what is missing. /etc/subuid and /etc/subgid are put back as they were.
/// </summary>
public sealed class UnprivilegedSandboxTests
{
    private const string Nobody = "nobody";

    [Fact]
    public async Task With_subordinate_ids_nobody_is_root_inside_and_apt_installs()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsNobodyAsync(await DebianTree.GetAsync("trixie", "amd64", []));
        string subuidBefore = await File.ReadAllTextAsync("/etc/subuid");
        var result = await RunAsNobodyWithIdsAsync(tree, ["id -u; id -g", .. new PackageManager(PackageManagerKind.Apt, "/usr/bin/apt-get").InstallCommands(["jq"]), "jq --version", "stat -c '%u %g' /var/cache/apt/archives/partial"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.StartsWith("0\n0\n", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"jq-1\.\d", result.Output);
        Assert.True(File.Exists(tree.PathOf("usr/bin/jq")));
        Assert.Equal(subuidBefore, await File.ReadAllTextAsync("/etc/subuid"));

        // Everything is nobody's again on disk, so that nobody can read and delete it; what apt gave to _apt (uid 42) is reported.
        var strangers = await Run.ProgramAsync("find", [tree.Root, "-xdev", "!", "-uid", "65534"]);
        Assert.Equal(string.Empty, strangers.Output);
        Assert.Matches(@"foreign-owners=[1-9]", result.Output);
    }

    [Fact]
    public async Task As_nobody_a_command_that_leaves_the_chroot_reaches_nothing_of_the_host()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsNobodyAsync(await DebianTree.GetAsync("trixie", "amd64", []));
        string marker = $"/var/tmp/flix-escape-{Guid.NewGuid():N}"; // /var/tmp is writable by nobody on the host
        await EscapeProbe.AddDeviceNodeAsync(tree.Root, "65534:65534");

        var result = await RunAsNobodyWithIdsAsync(tree, [EscapeProbe.Command(marker)]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        EscapeProbe.AssertConfined(result.Output, marker);
    }

    [Fact]
    public async Task Without_subordinate_ids_the_error_says_what_is_missing()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsNobodyAsync(await DebianTree.GetAsync("trixie", "amd64", []));
        Assert.DoesNotContain("nobody:", await File.ReadAllTextAsync("/etc/subuid"), StringComparison.Ordinal);

        var result = await RunAsNobodyAsync(tree, ["id -u"]);

        Assert.Equal(Program.SetupFailed, result.ExitCode);
        Assert.Contains("no range in /etc/subuid and /etc/subgid", result.Error, StringComparison.Ordinal);
        Assert.Contains("usermod --add-subuids", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_outside_the_mapped_ids_is_explained()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsNobodyAsync(await DebianTree.GetAsync("trixie", "amd64", []));

        var result = await RunAsNobodyWithIdsAsync(tree, ["touch /owned && chown 5000:5000 /owned"], count: 1000);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Invalid argument", result.Output, StringComparison.Ordinal);
        Assert.Contains("outside the ids this user namespace maps (root and 1000 subordinate ids of uid 65534", result.Error, StringComparison.Ordinal);
        Assert.Contains("give the user a larger range there", result.Error, StringComparison.Ordinal);
    }

    private static async Task<Run.Result> RunAsNobodyWithIdsAsync(ExtractedTree tree, string[] commands, uint count = 65536)
    {
        using var ids = SubordinateIds.Add(Nobody, 300000, count);
        return await RunAsNobodyAsync(tree, commands);
    }

    private static Task<Run.Result> RunAsNobodyAsync(ExtractedTree tree, string[] commands)
    {
        string assembly = Assembly.GetExecutingAssembly().Location;
        return Run.ProgramAsync(
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", "exec", assembly, "sandbox-run", tree.Root, .. commands],
            TimeSpan.FromMinutes(10),
            new Dictionary<string, string> { ["HOME"] = tree.Folder, ["DOTNET_CLI_HOME"] = tree.Folder, ["DOTNET_NOLOGO"] = "1" });
    }
}
