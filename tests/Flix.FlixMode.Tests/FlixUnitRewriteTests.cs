using Flix.Core.Tree;
using Flix.Sysext.Entries;
using Flix.FlixMode;

namespace Flix.FlixMode.Tests;

/// <summary>Flix mode points a shipped unit's commands and conditions at where the programs landed, and warns about the rest.</summary>
public sealed class FlixUnitRewriteTests
{
    private const string Unit = """
        [Unit]
        ConditionFileIsExecutable=/usr/sbin/daemon

        [Service]
        ExecStartPre=/usr/sbin/daemon -t ; /sbin/daemon -T
        ExecStart=/usr/sbin/daemon
        ExecStop=-/sbin/start-stop-daemon --stop

        """;

    [Fact]
    public async Task Unit_paths_point_at_usr_bin_and_unshipped_programs_are_warned_about_with_their_line()
    {
        var rootfs = new FileTree();
        rootfs.Add("/usr/sbin/daemon", TreeNode.CreateFile(MemoryFileContent.FromText("#!/bin/sh\necho hi\n"), 0x1ED));
        rootfs.Add("/sbin", TreeNode.CreateSymlink("usr/sbin"));
        rootfs.Add("/usr/lib/systemd/system/daemon.service", TreeNode.CreateFile(MemoryFileContent.FromText(Unit)));
        var options = new FlixOptions
        {
            Name = "daemon",
            Entries = [EntryPoint.Parse("/usr/sbin/daemon"), EntryPoint.Parse("/usr/lib/systemd/system/daemon.service")],
        };

        var result = await FlixBuilder.BuildAsync(rootfs, options);

        var unit = result.Tree.Find("/usr/lib/systemd/system/daemon.service")!;
        using var reader = new StreamReader(unit.Content!.OpenRead());
        string text = await reader.ReadToEndAsync();
        Assert.Equal(Unit.Replace("/usr/sbin/daemon", "/usr/bin/daemon", StringComparison.Ordinal).Replace("/sbin/daemon -T", "/usr/bin/daemon -T", StringComparison.Ordinal), text);
        Assert.Contains(result.Warnings, w => w.Contains("runs /sbin/start-stop-daemon (ExecStop= on line 7)", StringComparison.Ordinal));
        Assert.True(result.HasUnits);
    }
}
