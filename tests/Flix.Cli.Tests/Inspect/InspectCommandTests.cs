using System.Text.Json;
using System.Text.RegularExpressions;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;
using Flix.Sysext;
using Flix.Sysext.Inspect;

namespace Flix.Cli.Tests.Inspect;

public sealed class InspectCommandTests
{
    private const long Epoch = 1_700_000_000; // 2023-11-14 22:13:20 UTC

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>usr/bin/tool (a file), usr/bin/tool-link (a symlink to it), usr/share/tool (a directory with a file).</summary>
    private static FileTree ToolTree()
    {
        var tree = new FileTree();
        tree.Add("usr/bin/tool", SampleTrees.File("#!/bin/sh\necho tool\n", 0x1ED, 100));
        tree.Add("usr/bin/tool-link", TreeNode.CreateSymlink("tool"));
        tree.Add("usr/share/tool/README", SampleTrees.File("read me\n", 0x1A4, 100));
        return tree;
    }

    private static Task<SysextPackResult> PackAsync(FileTree tree, string output, string? version = "1.2.3") =>
        SysextPacker.PackAsync(tree, new SysextPackOptions
        {
            Name = "myext",
            Architecture = "x86-64",
            OutputDirectory = output,
            Os = "flatcar",
            Version = version,
            ReloadManager = true,
            Epoch = Epoch,
        });

    /// <summary>Writes <paramref name="files"/> (path, content) below a fresh folder and returns it.</summary>
    private static string MakeFolder(TempDirectory temp, string name, params (string Path, string Content)[] files)
    {
        string root = temp.Combine(name);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            string full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }

    private static string Mksquashfs(TempDirectory temp, string folder, string imageName)
    {
        HostTools.Require("mksquashfs");
        string image = temp.Combine(imageName);
        ProcessRunner.Shell($"mksquashfs \"{folder}\" \"{image}\" -all-root -noappend -no-progress -quiet");
        return image;
    }

    [Fact]
    public async Task Help_matches_the_snapshot()
    {
        // The snapshot is `flix inspect --help` of the built program; regenerate it when options change on purpose.
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", "inspect-help.txt"));

        var (exitCode, output, _) = await RunAsync("inspect", "--help");

        Assert.Equal(0, exitCode);
        string usage = output.Split('\n').First(line => line.Contains(" inspect <image> [options]", StringComparison.Ordinal));
        Assert.Equal(expected, output.Replace(usage, "  flix inspect <image> [options]", StringComparison.Ordinal));
    }

    [Theory]
    // no image
    [InlineData("inspect")]
    // an empty image path
    [InlineData("inspect", "")]
    // an unknown option
    [InlineData("inspect", "x.raw", "--depth")]
    // two images
    [InlineData("inspect", "a.raw", "b.raw")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("flix: ", error);
        Assert.Contains("'flix inspect --help'", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task A_packed_image_shows_its_facts_metadata_name_and_the_install_note()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));

        var (exitCode, output, error) = await RunAsync("inspect", packed.Path);

        Assert.True(exitCode == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.Equal(
            $"""
            Image:        {packed.Path}
            Format:       squashfs
            Size:         {packed.Size} bytes
            SHA-256:      {packed.Sha256}
            Compressor:   gzip
            Block size:   131072 bytes
            Inodes:       11
            Created:      2023-11-14 22:13:20 UTC
            Xattrs:       no
            Export table: yes
            Name:         myext (version 1.2.3, architecture x86-64)
            Install as:   myext.raw

            Metadata usr/lib/extension-release.d/extension-release.myext:
              ID=flatcar
              SYSEXT_LEVEL=1.0
              ARCHITECTURE=x86-64
              VERSION_ID=1.2.3
              EXTENSION_RELOAD_MANAGER=1

            Units: none.

            ELF files: none.

            Checks:
              note[FLX110]: usr/lib/extension-release.d/extension-release.myext: the metadata is for 'myext' and the image name is versioned: systemd-sysext merges it only as myext.raw on the host, e.g. /opt/extensions/myext/myext-1.2.3-x86-64.raw with the symlink /etc/extensions/myext.raw pointing to it.

            """,
            output);
    }

    [Fact]
    public async Task An_unversioned_image_needs_no_note()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"), version: null);

        var (exitCode, output, _) = await RunAsync("inspect", packed.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains("\nName:         myext\nInstall as:   myext.raw\n", output);
        Assert.EndsWith("\nChecks: no findings.\n", output);
        Assert.DoesNotContain("FLX110", output);
    }

    [Fact]
    public async Task Tree_lists_the_root_then_every_entry_depth_first()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));
        var names = new AccountNames();
        string root = names.User(0) + "/" + names.Group(0);

        var (exitCode, output, _) = await RunAsync("inspect", packed.Path, "--tree");

        Assert.Equal(0, exitCode);
        var lines = output[output.IndexOf("\nTree (11 entries):\n", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(
            ["/", "/usr", "/usr/bin", "/usr/bin/tool", "/usr/bin/tool-link", "/usr/lib", "/usr/lib/extension-release.d",
             "/usr/lib/extension-release.d/extension-release.myext", "/usr/share", "/usr/share/tool", "/usr/share/tool/README"],
            lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5]));
        Assert.True(lines.Any(line => line.StartsWith($"-rwxr-xr-x {root} ", StringComparison.Ordinal) && line.EndsWith(" 20 " + Local(100) + " /usr/bin/tool", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.Contains(lines, line => line.StartsWith($"lrwxrwxrwx {root} ", StringComparison.Ordinal) && line.EndsWith(" 4 " + Local(0) + " /usr/bin/tool-link -> tool", StringComparison.Ordinal));

        // As unsquashfs -lls: owner and size fill 27 columns after the mode, so every time starts in column 39.
        Assert.All(lines, line => Assert.Matches(@"^.{39}\d{4}-\d\d-\d\d \d\d:\d\d /", line));
    }

    [Fact]
    public async Task Tree_shows_devices_special_bits_and_owners()
    {
        using var temp = new TempDirectory();
        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), new SysextPackOptions
        {
            Name = "everything",
            Architecture = "arm64",
            OutputDirectory = temp.Combine("out"),
            KeepOwners = true,
            Epoch = Epoch,
        });
        var names = new AccountNames();
        string Owner(uint uid, uint gid) => Regex.Escape(names.User(uid) + "/" + names.Group(gid));

        var (exitCode, output, _) = await RunAsync("inspect", result.Path, "--tree");

        Assert.Equal(0, exitCode); // opt/ is only a warning
        Assert.Contains("  warning[FLX104]: opt: ", output);
        var lines = output.Split('\n');
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^crw-rw-rw- {Owner(0, 0)} +  1,  3 [-0-9: ]+ /usr/lib/flix/null$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^brw-rw---- {Owner(0, 0)} +259,300000 [-0-9: ]+ /usr/lib/flix/block$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^-rwsr-xr-x {Owner(0, 0)} +21 [-0-9: ]+ /usr/bin/hello$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^drwxrwxrwt {Owner(0, 0)} +\d+ [-0-9: ]+ /usr/share/flix/sticky$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^-r-------- {Owner(1000, 1000)} +0 [-0-9: ]+ /usr/share/flix/empty$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, $@"^lrwxrwxrwx {Owner(7, 8)} +5 [-0-9: ]+ /usr/bin/hi -> hello$"));
        Assert.Contains("\nXattrs:       yes\n", output);
    }

    /// <summary>A time as the tree shows it, in this machine's zone.</summary>
    private static string Local(long seconds) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(seconds), TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Json_has_every_fact_and_the_entries_with_list()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));

        var (exitCode, output, _) = await RunAsync("inspect", packed.Path, "--json", "--tree");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal(packed.Path, root.GetProperty("path").GetString());
        Assert.Equal("squashfs", root.GetProperty("format").GetString());
        Assert.Equal(packed.Size, root.GetProperty("size").GetInt64());
        Assert.Equal(packed.Sha256, root.GetProperty("sha256").GetString());
        var squashFs = root.GetProperty("squashfs");
        Assert.Equal("gzip", squashFs.GetProperty("compressor").GetString());
        Assert.Equal(131072, squashFs.GetProperty("blockSize").GetInt32());
        Assert.Equal(11u, squashFs.GetProperty("inodeCount").GetUInt32());
        Assert.Equal("2023-11-14T22:13:20Z", squashFs.GetProperty("modificationTime").GetString());
        Assert.False(squashFs.GetProperty("xattrs").GetBoolean());
        Assert.Equal(("myext", "myext-1.2.3-x86-64", "1.2.3", "x86-64", "myext.raw"), (
            root.GetProperty("name").GetString(), root.GetProperty("imageName").GetString(), root.GetProperty("version").GetString(),
            root.GetProperty("architecture").GetString(), root.GetProperty("installAs").GetString()));
        var release = root.GetProperty("extensionReleases").EnumerateArray().Single();
        Assert.True(release.GetProperty("matches").GetBoolean());
        Assert.Equal(
            ["ID=flatcar", "SYSEXT_LEVEL=1.0", "ARCHITECTURE=x86-64", "VERSION_ID=1.2.3", "EXTENSION_RELOAD_MANAGER=1"],
            release.GetProperty("fields").EnumerateObject().Select(field => $"{field.Name}={field.Value.GetString()}"));
        var diagnostic = root.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal(("note", "FLX110"), (diagnostic.GetProperty("severity").GetString(), diagnostic.GetProperty("id").GetString()));
        var link = root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("path").GetString() == "usr/bin/tool-link");
        Assert.Equal(("symlink", "tool", "0777"), (link.GetProperty("type").GetString(), link.GetProperty("target").GetString(), link.GetProperty("mode").GetString()));
        var tool = root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("path").GetString() == "usr/bin/tool");
        Assert.Equal(("file", "-rwxr-xr-x", "0755", 20L, 100L), (
            tool.GetProperty("type").GetString(), tool.GetProperty("modeString").GetString(), tool.GetProperty("mode").GetString(),
            tool.GetProperty("size").GetInt64(), tool.GetProperty("mtime").GetInt64()));
    }

    [Fact]
    public async Task Json_without_list_has_no_entries()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));

        var (exitCode, output, _) = await RunAsync("inspect", packed.Path, "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("entries").ValueKind);
    }

    [Fact]
    public async Task A_mksquashfs_image_with_usr_sbin_has_the_layout_error_and_exits_1()
    {
        using var temp = new TempDirectory();
        string folder = MakeFolder(temp, "legacy",
            ("usr/sbin/daemon", "#!/bin/sh\n"),
            ("usr/lib/extension-release.d/extension-release.legacy", "ID=_any\nARCHITECTURE=x86-64\n"));
        string image = Mksquashfs(temp, folder, "legacy.raw");

        var (exitCode, output, error) = await RunAsync("inspect", image);

        Assert.Equal(1, exitCode);
        Assert.Contains("\nFormat:       squashfs\n", output);
        Assert.Contains("\nInstall as:   legacy.raw\n", output);
        Assert.Contains("\n  ID=_any\n  ARCHITECTURE=x86-64\n", output);
        Assert.Contains("  error[FLX103]: usr/sbin: ", output);
        Assert.Equal($"flix: error: '{image}' has 1 error(s): systemd-sysext would refuse it, it would break the host, or its programs cannot start.\n", error);
    }

    [Fact]
    public async Task Layout_errors_in_json_mode_say_so_and_exit_1()
    {
        using var temp = new TempDirectory();
        string image = Mksquashfs(temp, MakeFolder(temp, "bare", ("usr/bin/tool", "x")), "bare.raw");

        var (exitCode, output, _) = await RunAsync("inspect", image, "--json");

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Contains("1 error(s)", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("installAs").ValueKind);
        var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal(("error", "FLX109"), (diagnostic.GetProperty("severity").GetString(), diagnostic.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Metadata_for_another_name_is_a_warning_that_names_it()
    {
        using var temp = new TempDirectory();
        string folder = MakeFolder(temp, "tree",
            ("usr/bin/tool", "x"),
            ("usr/lib/extension-release.d/extension-release.tool", "ID=_any\n"));
        string image = Mksquashfs(temp, folder, "renamed.raw");

        var (exitCode, output, _) = await RunAsync("inspect", image);

        Assert.Equal(0, exitCode);
        Assert.Contains("\nInstall as:   (no metadata matches the name)\n", output);
        Assert.Contains("Metadata usr/lib/extension-release.d/extension-release.tool (not read for this image):", output);
        Assert.Contains("  warning[FLX111]: usr/lib/extension-release.d: no metadata matches the image name 'renamed' (found extension-release.tool): systemd-sysext refuses the image unless it is installed as tool.raw.", output);
        Assert.DoesNotContain("FLX106", output);
    }

    [Fact]
    public async Task A_metadata_symlink_is_named_as_not_followed()
    {
        using var temp = new TempDirectory();
        string folder = MakeFolder(temp, "linked", ("usr/bin/tool", "x"), ("usr/lib/extension-release.d/real", "ID=_any\n"));
        File.CreateSymbolicLink(Path.Combine(folder, "usr/lib/extension-release.d/extension-release.linked"), "real");
        string image = Mksquashfs(temp, folder, "linked.raw");

        var (exitCode, output, _) = await RunAsync("inspect", image);

        Assert.Equal(1, exitCode);
        Assert.Contains("  warning[FLX112]: usr/lib/extension-release.d/extension-release.linked: is a symlink, not a regular file; flix inspect does not follow it, so its fields are not shown.\n", output);
        Assert.Contains("  error[FLX109]: usr/lib/extension-release.d: there is no readable extension-release file", output);
    }

    [Fact]
    public async Task A_truncated_image_exits_1_naming_the_file()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));
        string truncated = temp.Combine("truncated.raw");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(packed.Path))[..200]);

        var (exitCode, output, error) = await RunAsync("inspect", truncated);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"flix: error: {truncated}: ", error);
        Assert.Contains("bytes_used", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_truncated_image_in_json_mode_is_reported_as_json()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));
        string truncated = temp.Combine("truncated.raw");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(packed.Path))[..200]);

        var (exitCode, output, error) = await RunAsync("inspect", truncated, "--json");

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Contains(truncated, json.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("flix: error: ", error);
    }

    [Theory]
    // text
    [InlineData("hello world\n", "it starts with 68 65 6c 6c 6f 20 77 6f,")]
    // an ELF file
    [InlineData("\u007fELF\u0002\u0001\u0001", "it starts with 7f 45 4c 46 02 01 01,")]
    // nothing
    [InlineData("", "it starts with nothing (the file is empty),")]
    public async Task A_file_that_is_no_image_exits_1_saying_what_it_starts_with(string content, string expected)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("notes.raw");
        await File.WriteAllTextAsync(path, content);

        var (exitCode, output, error) = await RunAsync("inspect", path);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"flix: error: '{path}' is not a system extension image: {expected} which is not the SquashFS magic 'hsqs' (68 73 71 73), and has no EROFS magic at offset 1024.\n", error);
    }

    [Fact]
    public async Task A_missing_file_exits_1()
    {
        using var temp = new TempDirectory();

        var (exitCode, _, error) = await RunAsync("inspect", temp.Combine("missing.raw"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("flix: error: ", error);
        Assert.Contains(temp.Combine("missing.raw"), error);
    }

    [Fact]
    public async Task An_erofs_image_from_mkfs_erofs_is_inspected()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();
        string folder = MakeFolder(temp, "tree", ("usr/bin/tool", "x"), ("usr/lib/extension-release.d/extension-release.myext", "ID=_any\nARCHITECTURE=x86-64\n"));
        string image = temp.Combine("myext.raw");
        ProcessRunner.Shell($"mkfs.erofs --quiet -zlz4hc -T{Epoch} \"{image}\" \"{folder}\"");

        var (exitCode, output, error) = await RunAsync("inspect", image, "--json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(("erofs", "myext.raw", "x86-64"), (root.GetProperty("format").GetString(), root.GetProperty("installAs").GetString(), root.GetProperty("architecture").GetString()));
        Assert.Equal("2023-11-14T22:13:20Z", root.GetProperty("erofs").GetProperty("buildTime").GetString());
        Assert.Equal("ID=_any", root.GetProperty("extensionReleases")[0].GetProperty("fields").EnumerateObject().Select(f => $"{f.Name}={f.Value.GetString()}").First());
    }

    [Fact]
    public async Task An_output_folder_is_named_as_such_instead_of_checked()
    {
        using var temp = new TempDirectory();
        var packed = await PackAsync(ToolTree(), temp.Combine("out"));

        var (exitCode, output, error) = await RunAsync("inspect", temp.Combine("out"));

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"flix: error: [FLX113] '{temp.Combine("out")}' is a folder of built extensions (myext-1.2.3-x86-64.raw, SHA256SUMS), not an extension (it has no usr/ or opt/); inspect one of its images instead: flix inspect {packed.Path}\n",
            error);
        Assert.DoesNotContain("allow-outside", error);
    }

    [Fact]
    public async Task An_unversioned_image_takes_version_and_architecture_from_its_metadata()
    {
        using var temp = new TempDirectory();
        string image = Mksquashfs(temp, MakeFolder(temp, "plain",
            ("usr/bin/tool", "x"),
            ("usr/lib/extension-release.d/extension-release.plain", "ID=_any\nARCHITECTURE=x86-64\nVERSION_ID=4.5\n")), "plain.raw");

        var (exitCode, output, _) = await RunAsync("inspect", image, "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(("x86-64", "4.5"), (json.RootElement.GetProperty("architecture").GetString(), json.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task A_directory_extension_is_inspected_too()
    {
        using var temp = new TempDirectory();
        string folder = MakeFolder(temp, "myext-2.0-arm64",
            ("usr/bin/tool", "tool\n"),
            ("usr/lib/extension-release.d/extension-release.myext", "ID=_any\nARCHITECTURE=arm64\nVERSION_ID=2.0\n"));
        File.CreateSymbolicLink(Path.Combine(folder, "usr/bin/tool-link"), "tool");

        var (exitCode, output, error) = await RunAsync("inspect", folder + "/", "--tree");

        Assert.True(exitCode == 0, error);
        Assert.Contains("\nFormat:       dir\nSize:         47 bytes of files\nName:         myext (version 2.0, architecture arm64)\nInstall as:   myext\n", output);
        Assert.DoesNotContain("SHA-256", output);
        Assert.DoesNotContain("Compressor", output);
        Assert.Contains("\n  VERSION_ID=2.0\n", output);
        Assert.Contains("  note[FLX110]: usr/lib/extension-release.d/extension-release.myext: the metadata is for 'myext' and the image name is versioned: systemd-sysext merges it only as myext on the host,", output);
        var lines = output.Split('\n');
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^-rw-r--r-- \S+/\S+ +5 [-0-9: ]+ /usr/bin/tool$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^lrwxrwxrwx \S+/\S+ +4 [-0-9: ]+ /usr/bin/tool-link -> tool$"));
    }
}
