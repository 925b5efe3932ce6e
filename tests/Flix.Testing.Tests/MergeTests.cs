using System.Text.Json;
using Flix.Sysext;
using static Flix.Testing.Tests.TestExtensions;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Testing.Tests;

/// <summary>
/// <c>flix test</c> with this machine's real systemd-sysext (252) in private namespaces: a good image merges and
/// its program runs; an image for Flatcar is refused with systemd's own reason unless Flatcar's os-release stands
/// in; a failing command's exit code is reported; afterwards the host has no mounts, processes, loop devices or
/// work folder of the test left.
/// </summary>
public sealed class MergeTests
{
    private static string HostId() =>
        File.ReadLines("/etc/os-release").First(line => line.StartsWith("ID=", StringComparison.Ordinal))[3..].Trim('"');

    [Fact]
    public async Task A_good_image_merges_and_its_program_runs()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Program("flixhello"), "flixhello", temp.Combine("out"));

        var (exitCode, json, error) = await FlixTest.JsonAsync(image, "--", "flixhello");

        Assert.True(exitCode == 0, error);
        Assert.True(json.GetProperty("success").GetBoolean());
        Assert.Equal(["flixhello"], json.GetProperty("hierarchies").GetProperty("/usr").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, json.GetProperty("commandExitCode").GetInt32());
        Assert.Equal("hello from flixhello\n", json.GetProperty("commandOutput").GetString());
        Assert.False(File.Exists("/usr/bin/flixhello"), "the host's /usr must not see the extension");
    }

    [Fact]
    public async Task An_image_for_flatcar_is_refused_with_systemds_reason()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Program("flixfc"), "flixfc", temp.Combine("out"), os: "flatcar");

        var (exitCode, json, error) = await FlixTest.JsonAsync(image, "--", "flixfc");

        string reason = $"Extension 'flixfc' is for OS 'flatcar', but deployed on top of '{HostId()}'.";
        Assert.Equal(1, exitCode);
        Assert.False(json.GetProperty("success").GetBoolean());
        var refused = json.GetProperty("images")[0];
        Assert.False(refused.GetProperty("merged").GetBoolean());
        Assert.Equal([reason], refused.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("commandExitCode").ValueKind);
        Assert.Equal($"flix: error: systemd-sysext did not merge flixfc: {reason}\n", error);
    }

    [Fact]
    public async Task With_flatcars_os_release_the_flatcar_image_merges_and_the_command_sees_it()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Program("flixfc"), "flixfc", temp.Combine("out"), os: "flatcar");

        var (exitCode, json, error) = await FlixTest.JsonAsync(image, "--os-release", "flatcar", "--", "sh", "-c", "flixfc && grep -E '^(ID|SYSEXT_LEVEL)=' /etc/os-release /usr/lib/os-release");

        Assert.True(exitCode == 0, error);
        Assert.Equal(
            "hello from flixfc\n/etc/os-release:ID=flatcar\n/etc/os-release:SYSEXT_LEVEL=1.0\n/usr/lib/os-release:ID=flatcar\n/usr/lib/os-release:SYSEXT_LEVEL=1.0\n",
            json.GetProperty("commandOutput").GetString());
        Assert.NotEqual("flatcar", HostId());
    }

    [Fact]
    public async Task A_failing_command_fails_the_test_with_its_exit_code()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Program("flixhello"), "flixhello", temp.Combine("out"));

        var (exitCode, json, error) = await FlixTest.JsonAsync(image, "--", "sh", "-c", "flixhello; echo broken >&2; exit 3");

        Assert.Equal(1, exitCode);
        Assert.Equal(3, json.GetProperty("commandExitCode").GetInt32());
        Assert.Equal("broken\n", json.GetProperty("commandError").GetString());
        Assert.Equal("flix: error: the command 'sh -c flixhello; echo broken >&2; exit 3' exited with 3.\n", error);
    }

    [Fact]
    public async Task Nothing_is_left_mounted_running_or_attached_afterwards()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string squashfs = await PackAsync(Program("flixone"), "flixone", temp.Combine("out"));
        string erofs = await PackAsync(Program("flixtwo"), "flixtwo", temp.Combine("out"), format: ImageFormat.Erofs);
        string directory = await PackAsync(Program("flixthree"), "flixthree", temp.Combine("out"), format: ImageFormat.Directory);
        string marker = "987654." + Environment.ProcessId;
        var before = HostState.Read();

        // A daemon the command leaves running must die with the PID namespace.
        var (exitCode, json, error) = await FlixTest.JsonAsync(squashfs, erofs, directory, "--", "sh", "-c", $"sleep {marker} & flixone && flixtwo && flixthree");

        Assert.True(exitCode == 0, error);
        Assert.Equal("hello from flixone\nhello from flixtwo\nhello from flixthree\n", json.GetProperty("commandOutput").GetString());
        Assert.Equal(0, json.GetProperty("leftBehind").GetArrayLength());
        var after = HostState.Read();
        Assert.Equal(before.Mounts, after.Mounts);
        Assert.Equal(before.WorkFolders, after.WorkFolders);
        Assert.Empty(HostState.ProcessesWith(marker));
        var loops = json.GetProperty("loopDevices").EnumerateArray().Select(e => e.GetString()!.Split('#')).ToList();
        Assert.Equal(2, loops.Count); // the two image files; a directory needs none
        Assert.All(loops, loop => Assert.False(HostState.LoopAttached(loop[0], loop[1]), $"/dev/{loop[0]} is still attached"));
    }
}
