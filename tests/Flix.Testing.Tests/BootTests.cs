using System.Text.Json;
using static Flix.Testing.Tests.TestExtensions;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Testing.Tests;

/// <summary>
/// <c>flix test --boot</c>: a real systemd 257 boots as PID 1 in a systemd-nspawn container of the default boot
/// root with the extensions merged by systemd-sysext.service. A unit enabled by an Upholds= drop-in (and
/// EXTENSION_RELOAD_MANAGER=1) is active; a unit whose ExecStart is missing is reported failed with its journal
/// line. Each boot takes 5-15 s; the container's cgroup, loop devices and work folder are checked gone.
/// </summary>
public sealed class BootTests : IClassFixture<BootRootFixture>
{
    private readonly BootRootFixture _root;

    public BootTests(BootRootFixture root) => _root = root;

    private Task<(int ExitCode, JsonElement Json, string Error)> BootAsync(params string[] images) =>
        FlixTest.JsonAsync(["--boot", "--cache-dir", BootRootFixture.CacheFolder, .. images]);

    [Fact]
    public async Task A_unit_the_extension_ships_and_enables_is_active_after_boot()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Service("flixsvc", "/usr/bin/flixsvc", shipProgram: true), "flixsvc", temp.Combine("out"), reload: true);
        var before = HostState.Read();

        var (exitCode, json, error) = await BootAsync(image);

        Assert.True(exitCode == 0, error + json);
        Assert.True(json.GetProperty("multiUserReached").GetBoolean(), error + json);
        Assert.Equal(["flixsvc"], json.GetProperty("hierarchies").GetProperty("/usr").EnumerateArray().Select(e => e.GetString()));
        var unit = json.GetProperty("units").EnumerateArray().Single();
        Assert.Equal(("flixsvc.service", "active", "running", true), (
            unit.GetProperty("unit").GetString(), unit.GetProperty("activeState").GetString(), unit.GetProperty("subState").GetString(), unit.GetProperty("shipped").GetBoolean()));
        Assert.Equal("multi-user.target", unit.GetProperty("enabledBy")[0].GetProperty("by").GetString());
        AssertNothingLeft(json, before);
    }

    [Fact]
    public async Task A_unit_whose_program_is_missing_is_reported_failed_with_its_journal_line()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Service("flixbad", "/usr/bin/flix-missing-program", shipProgram: false), "flixbad", temp.Combine("out"), reload: true);
        var before = HostState.Read();

        var (exitCode, json, error) = await BootAsync(image);

        Assert.True(exitCode == 1, error + json);
        Assert.True(json.GetProperty("multiUserReached").GetBoolean(), error + json);
        var unit = json.GetProperty("units").EnumerateArray().Single();
        Assert.Equal(("flixbad.service", "failed", false), (unit.GetProperty("unit").GetString(), unit.GetProperty("activeState").GetString(), unit.GetProperty("ok").GetBoolean()));
        string reason = unit.GetProperty("reason").GetString()!;
        Assert.StartsWith("flixbad.service: ", reason);
        Assert.Contains("/usr/bin/flix-missing-program", reason);
        Assert.Contains("No such file or directory", reason);
        Assert.Contains(reason, unit.GetProperty("journal").EnumerateArray().Select(line => line.GetString()));
        Assert.Contains(json.GetProperty("failedUnits").EnumerateArray(), failed => failed.GetProperty("unit").GetString() == "flixbad.service" && failed.GetProperty("shipped").GetBoolean());
        Assert.Equal($"flix: error: flixbad.service is failed (failed, exit-code): {reason}\n", error);
        AssertNothingLeft(json, before);
    }

    [Fact]
    public async Task A_command_runs_inside_the_booted_container_with_the_extension_merged_and_its_exit_code_counts()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        var tree = Service("flixcmd", "/usr/bin/flixcmd", shipProgram: true);
        tree.Add("usr/bin/flixhello", TestExtensions.Text("#!/bin/sh\necho hello from the extension\n", 0x1ED));
        tree.Add("usr/lib/systemd/system/flixlate.service", TestExtensions.Text("[Service]\nExecStart=/usr/bin/flix-late-missing\n"));
        string image = await PackAsync(tree, "flixcmd", temp.Combine("out"), reload: true);
        var before = HostState.Read();
        Environment.SetEnvironmentVariable("FLIX_HOST_ONLY", "leaks");
        string script = "systemctl is-active flixcmd.service; flixhello; echo \"env:${FLIX_HOST_ONLY:-none} home:$HOME\"; systemctl start flixlate.service 2>/dev/null; echo to-stderr >&2; exit 3";

        var (exitCode, json, error) = await BootAsync(image, "--", "sh", "-c", script);

        Environment.SetEnvironmentVariable("FLIX_HOST_ONLY", null);
        Assert.True(exitCode == 1, error + json);
        Assert.Equal(["sh", "-c", script], json.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, json.GetProperty("commandExitCode").GetInt32());
        // systemctl answers from the container's systemd, the program comes from the merged extension, and the
        // caller's environment stays outside.
        Assert.Equal("active\nhello from the extension\nenv:none home:/root\n", json.GetProperty("commandOutput").GetString());
        Assert.Equal("to-stderr\n", json.GetProperty("commandError").GetString());
        Assert.True(json.GetProperty("units").EnumerateArray().Single().GetProperty("ok").GetBoolean(), json.ToString());
        // A unit the command started and that failed is listed, and named in the error with its journal's reason.
        var late = Assert.Single(json.GetProperty("failedUnits").EnumerateArray(), unit => unit.GetProperty("unit").GetString() == "flixlate.service");
        Assert.True(late.GetProperty("shipped").GetBoolean());
        Assert.StartsWith($"flix: error: the command 'sh -c {script}' exited with 3 in the container; flixlate.service failed: ", error);
        Assert.Contains("/usr/bin/flix-late-missing", error);
        AssertNothingLeft(json, before);
    }

    [Fact]
    public async Task A_command_that_succeeds_in_the_container_passes_and_is_reported_in_text()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string image = await PackAsync(Program("flixtext"), "flixtext", temp.Combine("out"));

        var (exitCode, output, error) = await FlixTest.TextAsync("test", "--boot", "--cache-dir", BootRootFixture.CacheFolder, image, "--", "test", "-x", "/usr/bin/flixtext");

        Assert.True(exitCode == 0, error + output);
        Assert.Contains("  /usr: flixtext\n", output);
        Assert.Contains("Command 'test -x /usr/bin/flixtext' exited with 0 in the container.\n", output);
        Assert.Equal(string.Empty, error);
    }

    private static void AssertNothingLeft(JsonElement json, HostState before)
    {
        Assert.True(json.GetProperty("cleanShutdown").GetBoolean());
        Assert.Equal(0, json.GetProperty("leftBehind").GetArrayLength());
        string machine = json.GetProperty("machine").GetString()!;
        Assert.StartsWith("flix-test-", machine);
        foreach (var hierarchy in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/systemd" })
        {
            Assert.False(Directory.Exists(Path.Combine(hierarchy, machine)), $"{hierarchy}/{machine} is left");
        }

        Assert.Empty(HostState.ProcessesWith(machine));
        var after = HostState.Read();
        Assert.Equal(before.Mounts, after.Mounts);
        Assert.Equal(before.WorkFolders, after.WorkFolders);
    }
}
