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

    [Theory]
    [InlineData(EntryKind.Fifo, "/usr/lib/systemd/system/odd.service", "fifo")]
    [InlineData(EntryKind.CharacterDevice, "/usr/lib/systemd/system/odd.service", "character device")]
    [InlineData(EntryKind.Socket, "/usr/lib/systemd/system/daemon.service.d/odd.conf", "socket")]
    public async Task A_unit_of_a_copied_folder_that_is_no_file_is_an_error_naming_it(EntryKind kind, string path, string described)
    {
        var rootfs = new FileTree();
        rootfs.Add("/usr/sbin/daemon", TreeNode.CreateFile(MemoryFileContent.FromText("#!/bin/sh\necho hi\n"), 0x1ED));
        rootfs.Add("/usr/lib/systemd/system/daemon.service", TreeNode.CreateFile(MemoryFileContent.FromText(Unit)));
        rootfs.Add(path, kind == EntryKind.CharacterDevice ? TreeNode.CreateDevice(kind, 1, 5) : TreeNode.CreateSpecial(kind));
        var options = new FlixOptions
        {
            Name = "daemon",
            Entries = [EntryPoint.Parse("/usr/sbin/daemon"), EntryPoint.Parse("/usr/lib/systemd/system")],
        };

        var error = await Assert.ThrowsAsync<Flix.Core.FlixException>(() => FlixBuilder.BuildAsync(rootfs, options));

        Assert.Equal($"The unit {path} is a {described}, not a file; remove it from the image or name the files to ship.", error.Message);
    }

    [Fact]
    public async Task Device_nodes_fifos_and_sockets_of_a_copied_folder_are_left_out_and_named()
    {
        var rootfs = new FileTree();
        rootfs.Add("/usr/sbin/daemon", TreeNode.CreateFile(MemoryFileContent.FromText("#!/bin/sh\necho hi\n"), 0x1ED));
        rootfs.Add("/usr/lib/systemd/system/daemon.service", TreeNode.CreateFile(MemoryFileContent.FromText(Unit)));
        rootfs.Add("/usr/lib/systemd/system/notes.fifo", TreeNode.CreateSpecial(EntryKind.Fifo));
        rootfs.Add("/usr/lib/systemd/system/deep/mem", TreeNode.CreateDevice(EntryKind.CharacterDevice, 1, 1, 0x1B6));
        rootfs.Add("/usr/lib/systemd/system/deep/disk", TreeNode.CreateDevice(EntryKind.BlockDevice, 8, 0));
        rootfs.Add("/usr/lib/systemd/system/deep/control", TreeNode.CreateSpecial(EntryKind.Socket));
        var options = new FlixOptions
        {
            Name = "daemon",
            Entries = [EntryPoint.Parse("/usr/sbin/daemon"), EntryPoint.Parse("/usr/lib/systemd/system")],
        };

        var result = await FlixBuilder.BuildAsync(rootfs, options);

        foreach (var path in new[] { "notes.fifo", "deep/mem", "deep/disk", "deep/control" })
        {
            Assert.Null(result.Tree.Find("/usr/lib/systemd/system/" + path));
        }

        Assert.NotNull(result.Tree.Find("/usr/lib/systemd/system/daemon.service"));
        var warning = Assert.Single(result.Warnings, w => w.StartsWith("Left out 4 ", StringComparison.Ordinal));
        Assert.Contains("/usr/lib/systemd/system/deep/mem", warning, StringComparison.Ordinal);
    }
}
