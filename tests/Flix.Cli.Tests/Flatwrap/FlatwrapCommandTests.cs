using System.Text.Json;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;
using Flix.Sysext;

namespace Flix.Cli.Tests.Flatwrap;

public sealed class FlatwrapCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_matches_the_snapshot()
    {
        // The snapshot is `flix flatwrap --help` of the built program; regenerate it when options change on purpose.
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", "flatwrap-help.txt"));

        var (exitCode, output, _) = await RunAsync(["flatwrap", "--help"]);

        Assert.Equal(0, exitCode);
        string usage = output.Split('\n').First(line => line.Contains(" flatwrap <image> <name> [<path>...] [options]", StringComparison.Ordinal));
        string normalized = output.Replace(usage, "  flix flatwrap <image> <name> [<path>...] [options]", StringComparison.Ordinal);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public async Task The_root_help_lists_the_verb()
    {
        var (_, output, _) = await RunAsync(["--help"]);

        Assert.Contains("  flatwrap <image> <name> <path>", output);
    }

    [Theory]
    // argv[0] named flatwrap, as a symlink to the program: flix flatwrap
    [InlineData("flatwrap", new[] { "debian", "nginx" }, new[] { "flatwrap", "debian", "nginx" })]
    [InlineData("/usr/local/bin/flatwrap", new[] { "--help" }, new[] { "flatwrap", "--help" })]
    // any other name: unchanged
    [InlineData("/usr/bin/flix", new[] { "pack", "x", "y" }, new[] { "pack", "x", "y" })]
    [InlineData("dotnet", new[] { "flix.dll" }, new[] { "flix.dll" })]
    [InlineData("flatwrap.sh", new[] { "a" }, new[] { "a" })]
    [InlineData(null, new[] { "a" }, new[] { "a" })]
    public void Invoked_as_flatwrap_acts_as_flix_flatwrap(string? argv0, string[] args, string[] expected) =>
        Assert.Equal(expected, Program.ArgumentsFor(argv0, args));

    [Theory]
    // a mapping that is neither host nor chroot
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--etcmap", "guest" }, "guest")]
    // an entry outside /usr and /opt without a target
    [InlineData(new[] { "flatwrap", "debian", "nginx", "/etc/nginx/nginx.conf" }, "/etc/nginx/nginx.conf")]
    // a relative entry
    [InlineData(new[] { "flatwrap", "debian", "nginx", "usr/sbin/nginx" }, "usr/sbin/nginx")]
    // a bad extension name
    [InlineData(new[] { "flatwrap", "debian", "bad/name" }, "bad/name")]
    // a relative chroot folder
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--chroot-dirs", "/usr lib" }, "'lib'")]
    // a folder on both sides
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--etcmap", "chroot", "--host-dirs", "/etc" }, "'/etc'")]
    // pack options are checked as flix pack checks them
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--sysupdate" }, "version")]
    // image options as flix rootfs checks them
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--arch", "x86-64", "--platform", "linux/amd64" }, "--arch or --platform")]
    [InlineData(new[] { "flatwrap", "debian", "nginx", "--arch", "sparc" }, "sparc")]
    public async Task Bad_usage_exits_2_naming_the_value(string[] args, string expected)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error);
        Assert.Contains("'flix flatwrap --help'", error);
    }

    [Theory]
    // the bakery's variables are honoured, and checked
    [InlineData("ETCMAP")]
    [InlineData("VARMAP")]
    [InlineData("HOMEMAP")]
    public async Task A_bad_mapping_variable_exits_2(string variable)
    {
        var (exitCode, _, error) = await RunAsync(["flatwrap", "debian", "nginx"], new() { [variable] = "sideways" });

        Assert.Equal(2, exitCode);
        Assert.Contains($"{variable}='sideways'", error);
    }

    [Fact]
    public async Task A_missing_image_fails_with_exit_1_and_leaves_no_temp_folder()
    {
        using var temp = new TempDirectory();
        var before = Directory.GetDirectories(Path.GetTempPath(), "flix-flatwrap-*").ToHashSet();

        var (exitCode, _, error) = await RunAsync(["flatwrap", "dir:" + temp.Combine("missing"), "nginx", "-o", temp.Combine("out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("missing", error);
        Assert.Subset(before, Directory.GetDirectories(Path.GetTempPath(), "flix-flatwrap-*").ToHashSet());
        Assert.False(Directory.Exists(temp.Combine("out", "nginx.raw")));
    }

    /// <summary>A small root folder: a program, its unit and a data file.</summary>
    private static async Task<string> MakeRootAsync(TempDirectory temp)
    {
        var tree = new FileTree();
        tree.Add("usr/sbin/tool", SampleTrees.File("#!/bin/sh\necho tool\n", 0x1ED, 100));
        tree.Add("usr/lib/systemd/system/tool.service", SampleTrees.File("[Service]\nExecStart=/usr/sbin/tool --serve\n", 0x1A4, 100));
        tree.Add("usr/share/tool/data", SampleTrees.File("data\n", 0x1A4, 100));
        tree.Add("lib", TreeNode.CreateSymlink("usr/lib"));
        string path = temp.Combine("root");
        await TreeMaterializer.MaterializeAsync(tree, path);
        return path;
    }

    [Fact]
    public async Task Packs_with_the_pack_options_and_implies_reload_with_units()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var (exitCode, output, error) = await RunAsync(
            ["flatwrap", "dir:" + root, "tool", "/usr/sbin/tool", "/lib/systemd/system/tool.service", "/usr/share/tool",
             "--format", "dir", "--keep-owners", "--arch", "arm64", "--version", "1.2", "--os", "flatcar", "-o", temp.Combine("out"), "--json"]);

        Assert.True(exitCode == 0, error);
        using var report = JsonDocument.Parse(output);
        Assert.True(report.RootElement.GetProperty("success").GetBoolean());
        string extension = temp.Combine("out", "tool-1.2-arm64");
        Assert.Equal(
            "ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=arm64\nVERSION_ID=1.2\nEXTENSION_RELOAD_MANAGER=1\n",
            await File.ReadAllTextAsync(Path.Combine(extension, "usr/lib/extension-release.d/extension-release.tool")));
        Assert.Contains("program='/usr/sbin/tool'", await File.ReadAllTextAsync(Path.Combine(extension, "usr/bin/tool")));
        Assert.Equal("[Service]\nExecStart=/usr/bin/tool --serve\n", await File.ReadAllTextAsync(Path.Combine(extension, "usr/lib/systemd/system/tool.service")));
        Assert.Equal("/usr/local/tool/usr/share/tool", new FileInfo(Path.Combine(extension, "usr/share/tool")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(extension, "usr/local/tool/usr/sbin/tool")));
        Assert.False(Directory.Exists(Path.Combine(extension, "usr/sbin")));
    }

    [Fact]
    public async Task Json_names_the_source_and_the_extension()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var (exitCode, output, error) = await RunAsync(
            ["flatwrap", "dir:" + root, "tool", "/usr/sbin/tool", "/lib/systemd/system/tool.service", "--format", "dir", "--keep-owners", "--version", "1.2", "-o", temp.Combine("out"), "--json"]);

        Assert.True(exitCode == 0, error);
        using var report = JsonDocument.Parse(output);
        var source = report.RootElement.GetProperty("source");
        Assert.Equal("dir:" + root, source.GetProperty("image").GetString());
        Assert.Equal("dir", source.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("digest").ValueKind);
        var extension = report.RootElement.GetProperty("extension");
        Assert.Equal("tool", extension.GetProperty("name").GetString());
        Assert.Equal("1.2", extension.GetProperty("version").GetString());
        Assert.Equal(ExtensionArchitecture.Host, extension.GetProperty("architecture").GetString());
        Assert.True(extension.GetProperty("reload").GetBoolean());
        Assert.False(report.RootElement.TryGetProperty("flix", out _));
    }

    [Fact]
    public async Task Without_paths_the_program_named_like_the_extension_is_wrapped()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var (exitCode, output, error) = await RunAsync(["flatwrap", "dir:" + root, "tool", "--format", "dir", "--keep-owners", "-o", temp.Combine("out")]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("wrapper /usr/bin/tool runs /usr/sbin/tool in the private root", output);
        Assert.DoesNotContain("EXTENSION_RELOAD_MANAGER", await File.ReadAllTextAsync(temp.Combine("out", "tool", "usr/lib/extension-release.d/extension-release.tool")));
    }

    [Fact]
    public async Task A_missing_program_names_it_and_fails_with_exit_1()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var (exitCode, _, error) = await RunAsync(["flatwrap", "dir:" + root, "nginx", "-o", temp.Combine("out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("no program 'nginx'", error);
        Assert.Contains("package database", error);
    }
}
