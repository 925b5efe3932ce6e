using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Sysext.Entries;
using Flix.Flatwrap;
using Flix.TestSupport.Processes;

namespace Flix.Flatwrap.Tests;

public sealed class FlatwrapBuilderTests
{
    private const uint Executable = 0x1ED;
    private const uint Data = 0x1A4;

    /// <summary>A small merged-/usr image: programs in /usr/bin and /usr/sbin, a unit, data, links and /dev contents.</summary>
    private static FileTree Image()
    {
        var tree = new FileTree();
        tree.Add("usr/bin/htop", File("#!/bin/sh\n", Executable));
        tree.Add("usr/bin/my prog$x'q", File("#!/bin/sh\n", Executable));
        tree.Add("usr/sbin/nginx", File("ELF", Executable));
        tree.Add("usr/bin/view", TreeNode.CreateSymlink("htop"));
        tree.Add("etc/alternatives/awk", TreeNode.CreateSymlink("/usr/bin/mawk"));
        tree.Add("usr/bin/mawk", File("ELF", Executable));
        tree.Add("usr/bin/awk", TreeNode.CreateSymlink("/etc/alternatives/awk"));
        tree.Add("usr/share/doc/readme", File("text", Data));
        tree.Add("usr/lib/systemd/system/nginx.service", File("[Service]\nExecStart=/usr/sbin/nginx -g 'daemon off;'\nExecStop=/sbin/start-stop-daemon --stop\n", Data));
        tree.Add("lib", TreeNode.CreateSymlink("usr/lib"));
        tree.Add("sbin", TreeNode.CreateSymlink("usr/sbin"));
        tree.Add("bin", TreeNode.CreateSymlink("usr/bin"));
        tree.Add("dev/null", TreeNode.CreateDevice(EntryKind.CharacterDevice, 1, 3));
        tree.Add("proc/1/status", File("x", Data));
        tree.EnsureDirectory("var/lib");
        tree.EnsureDirectory("etc/nginx");
        return tree;
    }

    private static TreeNode File(string text, uint mode) => TreeNode.CreateFile(MemoryFileContent.FromText(text), mode);

    private static Task<FlatwrapResult> BuildAsync(FileTree image, params string[] entries) =>
        BuildAsync(image, new FlatwrapOptions { Name = "demo", Entries = entries.Select(EntryPoint.Parse).ToList() });

    private static Task<FlatwrapResult> BuildAsync(FileTree image, FlatwrapOptions options) => FlatwrapBuilder.BuildAsync(image, options);

    private static string Text(FileTree tree, string path) =>
        Encoding.UTF8.GetString(((MemoryFileContent)tree.Find(path)!.Content!).Data.Span);

    [Fact]
    public async Task The_rootfs_goes_to_usr_local_NAME_without_proc_sys_and_dev_contents()
    {
        var result = await BuildAsync(Image(), "/usr/bin/htop");

        Assert.NotNull(result.Tree.Find("usr/local/demo/usr/bin/htop"));
        Assert.Equal("usr/lib", result.Tree.Find("usr/local/demo/lib")!.LinkTarget);
        Assert.True(result.Tree.Find("usr/local/demo/dev")!.IsDirectory);
        Assert.Empty(result.Tree.Find("usr/local/demo/dev")!.Children);
        Assert.Empty(result.Tree.Find("usr/local/demo/proc")!.Children);
        Assert.Equal(["usr"], result.Tree.Root.Children.Keys);
        Assert.Equal(Executable, result.Tree.Find("usr/lib/flatwrap/demo/enter")!.Mode);
        Assert.True(result.Tree.Find("usr/lib/flatwrap/demo/root")!.IsDirectory);
    }

    [Fact]
    public async Task An_executable_gets_a_wrapper_and_sbin_lands_in_usr_bin()
    {
        var result = await BuildAsync(Image(), "/usr/sbin/nginx", "/usr/bin/htop");

        Assert.Equal(
            ["/usr/sbin/nginx Wrapper /usr/sbin/nginx", "/usr/bin/htop Wrapper /usr/bin/htop"],
            result.Entries.Select(e => $"{e.Entry.Source} {e.Kind} {e.Detail}"));
        Assert.Null(result.Tree.Find("usr/sbin"));
        var wrapper = result.Tree.Find("usr/bin/nginx")!;
        Assert.Equal(Executable, wrapper.Mode);
        Assert.Contains("program='/usr/sbin/nginx'", Text(result.Tree, "usr/bin/nginx"));
        Assert.False(result.HasUnits);
    }

    [Fact]
    public async Task A_link_to_a_program_runs_the_link_when_the_way_stays_in_the_chroot()
    {
        var result = await BuildAsync(Image(), "/usr/bin/view", "/usr/bin/awk");

        // view -> htop: both in /usr, so the program sees its own name in argv[0].
        Assert.Equal("/usr/bin/view", result.Entries[0].Detail);
        // awk -> /etc/alternatives/awk: /etc is the host's here, so the resolved program is run.
        Assert.Equal("/usr/bin/mawk", result.Entries[1].Detail);
        Assert.All(result.Entries, e => Assert.Equal(FlatwrapEntryKind.Wrapper, e.Kind));
    }

    [Fact]
    public async Task Folders_and_data_become_symlinks_into_the_chroot()
    {
        var result = await BuildAsync(Image(), "/usr/share/doc", "/usr/share/doc/readme:/usr/share/readme", "/etc/nginx:/usr/share/nginx-etc");

        Assert.Equal("/usr/local/demo/usr/share/doc", result.Tree.Find("usr/share/doc")!.LinkTarget);
        Assert.Equal("/usr/local/demo/usr/share/doc/readme", result.Tree.Find("usr/share/readme")!.LinkTarget);
        Assert.Equal("/usr/local/demo/etc/nginx", result.Tree.Find("usr/share/nginx-etc")!.LinkTarget);
        Assert.All(result.Entries, e => Assert.Equal(FlatwrapEntryKind.Symlink, e.Kind));
    }

    [Fact]
    public async Task An_entry_below_another_entry_link_is_refused()
    {
        var error = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(Image(), "/usr/share/doc", "/usr/share/doc/readme"));

        Assert.Contains("'/usr/share/doc/readme'", error.Message);
    }

    [Fact]
    public async Task Units_are_copied_with_their_commands_pointed_at_the_wrappers()
    {
        var result = await BuildAsync(Image(), "/usr/sbin/nginx", "/lib/systemd/system/nginx.service:/usr/lib/systemd/system/nginx.service");

        string unit = Text(result.Tree, "usr/lib/systemd/system/nginx.service");
        Assert.Equal("[Service]\nExecStart=/usr/bin/nginx -g 'daemon off;'\nExecStop=/sbin/start-stop-daemon --stop\n", unit);
        Assert.True(result.HasUnits);
        Assert.Contains(result.Warnings, w => w.Contains("/sbin/start-stop-daemon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_unit_command_through_a_linked_folder_finds_the_wrapper()
    {
        var image = Image();
        image.Add("usr/lib/systemd/system/alt.service", File("[Service]\nExecStart=/sbin/nginx\n", Data));

        var result = await BuildAsync(image, "/usr/sbin/nginx", "/usr/lib/systemd/system/alt.service");

        Assert.Equal("[Service]\nExecStart=/usr/bin/nginx\n", Text(result.Tree, "usr/lib/systemd/system/alt.service"));
    }

    [Fact]
    public async Task Drop_ins_are_copied_with_their_commands_pointed_at_the_wrappers_as_files_or_folders()
    {
        var image = Image();
        image.Add("usr/lib/systemd/system/nginx.service.d/10-flags.conf", File("[Service]\nExecStart=\nExecStart=/usr/sbin/nginx -q\n", Data));
        image.Add("usr/lib/systemd/system/nginx.service.d/README", File("not a drop-in\n", Data));
        image.Add("usr/lib/systemd/system/service.d/20-all.conf", File("[Service]\nExecStartPre=/usr/sbin/nginx -t\n", Data));

        var result = await BuildAsync(image, "/usr/sbin/nginx", "/usr/lib/systemd/system/nginx.service.d", "/usr/lib/systemd/system/service.d/20-all.conf");

        var folder = result.Tree.Find("usr/lib/systemd/system/nginx.service.d")!;
        Assert.True(folder.IsDirectory, "the drop-in folder is a link into the rootfs");
        Assert.Equal(["10-flags.conf"], folder.Children.Keys);
        Assert.Equal("[Service]\nExecStart=\nExecStart=/usr/bin/nginx -q\n", Text(result.Tree, "usr/lib/systemd/system/nginx.service.d/10-flags.conf"));
        Assert.Equal("[Service]\nExecStartPre=/usr/bin/nginx -t\n", Text(result.Tree, "usr/lib/systemd/system/service.d/20-all.conf"));
        Assert.True(result.HasUnits);
    }

    [Fact]
    public async Task Without_entries_the_program_named_like_the_extension_is_wrapped()
    {
        var result = await BuildAsync(Image(), new FlatwrapOptions { Name = "nginx" });

        Assert.Equal("/usr/sbin/nginx", Assert.Single(result.Entries).Entry.Source);
        Assert.NotNull(result.Tree.Find("usr/bin/nginx"));
    }

    [Fact]
    public async Task Without_entries_a_missing_program_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(Image(), new FlatwrapOptions { Name = "absent" }));

        Assert.Contains("'absent'", error.Message);
        Assert.Contains("package database", error.Message);
    }

    [Theory]
    // not in the image
    [InlineData("/usr/bin/missing", "not in the image")]
    // a device
    [InlineData("/dev/null:/usr/lib/null", "character device")]
    // inside the rootfs copy
    [InlineData("/usr/bin/htop:/usr/local/demo/x", "overlaps")]
    // over the helper
    [InlineData("/usr/bin/htop:/usr/lib/flatwrap", "overlaps")]
    public async Task Bad_entries_are_named(string entry, string expected)
    {
        var error = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(Image(), entry));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Two_entries_for_one_target_are_refused()
    {
        var error = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(Image(), "/usr/sbin/nginx", "/usr/bin/htop:/usr/bin/nginx"));

        Assert.Contains("/usr/bin/nginx", error.Message);
    }

    [Fact]
    public async Task A_program_outside_the_chroot_folders_is_refused()
    {
        var image = Image();
        image.Add("opt/app/run", File("x", Executable));

        var error = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(image, "/opt/app/run"));

        Assert.Contains("--chroot-dirs", error.Message);
    }

    [Fact]
    public async Task The_plan_binds_parents_first_and_links_merged_usr_folders()
    {
        var result = await BuildAsync(Image(), new FlatwrapOptions { Name = "demo", Entries = [EntryPoint.Parse("/usr/bin/htop")], Var = FolderMapping.Chroot });

        var mounts = result.Plan.Mounts.Select(m => (m.Path, m.Kind)).ToList();
        Assert.Equal(mounts.OrderBy(m => m.Path, StringComparer.Ordinal), mounts);
        Assert.Contains(("/var", RootMountKind.ChrootFolder), mounts);
        Assert.Contains(("/var/tmp", RootMountKind.HostFolder), mounts);
        Assert.Contains(("/lib", RootMountKind.ChrootSymlink), mounts);
        Assert.DoesNotContain(mounts, m => m.Path == "/lib64"); // the image has none
        // The mount point of the host's /var/tmp is made in the read-only copy of the image's /var.
        Assert.True(result.Tree.Find("usr/local/demo/var/tmp")!.IsDirectory);
    }

    [Fact]
    public async Task Generated_scripts_are_valid_sh_for_hostile_names()
    {
        var result = await BuildAsync(Image(), "/usr/bin/my prog$x'q", "/usr/bin/htop:/usr/bin/a\nb c'd$(id)`x`\\");

        foreach (var path in new[] { "usr/bin/my prog$x'q", "usr/bin/a\nb c'd$(id)`x`\\", "usr/lib/flatwrap/demo/enter" })
        {
            // sh -n parses without running: a name that broke out of its quotes would be a syntax error or a command.
            ProcessRunner.Shell("printf '%s' \"$1\" | sh -n", Text(result.Tree, path));
        }

        string wrapper = Text(result.Tree, "usr/bin/my prog$x'q");
        Assert.Equal("/usr/bin/my prog$x'q", ProcessRunner.Shell(ProgramLine(wrapper) + "\nprintf '%s' \"$program\""));
    }

    private static string ProgramLine(string script) =>
        script.Split('\n').Single(line => line.StartsWith("program=", StringComparison.Ordinal));
}
