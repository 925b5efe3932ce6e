using System.Text.Json;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Cli.Tests.Pack;

public sealed class PackCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task<string> MakeTreeAsync(TempDirectory temp, params string[] files)
    {
        var tree = new FileTree();
        foreach (var file in files)
        {
            tree.Add(file, SampleTrees.File("content of " + file, 0x1ED, 100));
        }

        string path = temp.Combine("tree");
        await TreeMaterializer.MaterializeAsync(tree, path);
        return path;
    }

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (exitCode, output, _) = await RunAsync(["pack", "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains(" pack <tree> <name> [options]", output);
        foreach (var option in new[] { "--os", "--arch", "--version", "--reload", "--format", "--compression", "--compression-level", "--block-size", "--epoch", "--all-root", "--keep-owners", "--allow-outside", "--allow-usr-sbin", "--sysupdate", "--sysupdate-url", "--output", "--json" })
        {
            Assert.Contains(option + " ", output);
        }
    }

    [Fact]
    public async Task Help_matches_the_snapshot()
    {
        // The snapshot is `flix pack --help` of the built program; regenerate it when options change on purpose.
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", "pack-help.txt"));

        var (_, output, _) = await RunAsync(["pack", "--help"]);

        string usage = output.Split('\n').First(line => line.Contains(" pack <tree> <name> [options]", StringComparison.Ordinal));
        string normalized = output.Replace(usage, "  flix pack <tree> <name> [options]", StringComparison.Ordinal);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    // missing arguments
    [InlineData("pack")]
    // an unknown option
    [InlineData("pack", "tree", "x", "--no-such-option")]
    // an unknown architecture
    [InlineData("pack", "tree", "x", "--arch", "sparc")]
    // an unknown format
    [InlineData("pack", "tree", "x", "--format", "zip")]
    // an unknown compressor
    [InlineData("pack", "tree", "x", "--compression", "brotli")]
    // a block size that is not a power of two
    [InlineData("pack", "tree", "x", "--block-size", "100K")]
    // a block size that is not a size
    [InlineData("pack", "tree", "x", "--block-size", "big")]
    // a level out of range
    [InlineData("pack", "tree", "x", "--compression", "gzip", "--compression-level", "12")]
    // squashfs options with another format
    [InlineData("pack", "tree", "x", "--format", "erofs", "--compression", "zstd")]
    // sysupdate without a version
    [InlineData("pack", "tree", "x", "--sysupdate")]
    // sysupdate with the directory format
    [InlineData("pack", "tree", "x", "--version", "1", "--sysupdate", "--format", "dir")]
    // a sysupdate URL without sysupdate
    [InlineData("pack", "tree", "x", "--version", "1", "--sysupdate-url", "https://example.com/")]
    // a bad name
    [InlineData("pack", "tree", "../x")]
    // a bad OS ID
    [InlineData("pack", "tree", "x", "--os", "Flatcar Linux")]
    // a bad version
    [InlineData("pack", "tree", "x", "--version", "1/2")]
    // a negative epoch
    [InlineData("pack", "tree", "x", "--epoch", "-5")]
    // an epoch that is not a number
    [InlineData("pack", "tree", "x", "--epoch", "yesterday")]
    // contradicting owner options
    [InlineData("pack", "tree", "x", "--all-root", "--keep-owners")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("flix: ", error);
        Assert.Contains("--help", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task A_bad_source_date_epoch_is_a_usage_error()
    {
        var (exitCode, _, error) = await RunAsync(["pack", "tree", "x"], new() { ["SOURCE_DATE_EPOCH"] = "soon" });

        Assert.Equal(2, exitCode);
        Assert.Contains("SOURCE_DATE_EPOCH='soon'", error);
    }

    [Fact]
    public async Task Packs_a_directory_with_the_options_of_the_issue()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp, "usr/bin/tool");
        string output = temp.Combine("out");

        var (exitCode, stdout, stderr) = await RunAsync(
            ["pack", tree, "myext", "--os", "flatcar", "--arch", "amd64", "--version", "1.2.3", "--reload", "--format", "dir", "--output", output],
            new() { ["SOURCE_DATE_EPOCH"] = "50" });

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        string image = Path.Combine(output, "myext-1.2.3-x86-64");
        Assert.Contains($"Wrote {image} (directory, ", stdout);
        Assert.Equal(
            "ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\nVERSION_ID=1.2.3\nEXTENSION_RELOAD_MANAGER=1\n",
            await File.ReadAllTextAsync(Path.Combine(image, "usr/lib/extension-release.d/extension-release.myext")));
        Assert.Equal(50, DirectoryTreeReader.Read(image).Find("usr/bin/tool")!.ModificationTime);
        Assert.Equal(["myext-1.2.3-x86-64"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(tree, "usr/lib")));
    }

    [Fact]
    public async Task Packs_an_image_with_sha256sums_and_a_sysupdate_transfer()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp, "usr/bin/tool");
        string output = temp.Combine("out");

        var (exitCode, stdout, stderr) = await RunAsync(
            ["pack", tree, "myext", "--os", "flatcar", "--arch", "aarch64", "--version", "1.2.3", "--reload", "--sysupdate",
             "--sysupdate-url", "https://example.com/ext/myext/", "--format", "erofs", "--epoch", "0", "--output", output]);

        Assert.True(exitCode == 0, stderr);
        string image = Path.Combine(output, "myext-1.2.3-arm64.raw");
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(image)));
        Assert.Equal(
            $"Wrote {image} (erofs, {new FileInfo(image).Length} bytes, sha256 {hash})\nUpdated {Path.Combine(output, "SHA256SUMS")}\nWrote {Path.Combine(output, "myext.conf")}\nWrote {Path.Combine(output, "noop.conf")}\n",
            stdout);
        Assert.Equal($"{hash}  myext-1.2.3-arm64.raw\n", await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS")));
        Assert.Contains("\nPath=https://example.com/ext/myext/\nMatchPattern=myext-@v-%a.raw\n", await File.ReadAllTextAsync(Path.Combine(output, "myext.conf")));
    }

    [Fact]
    public async Task Json_reports_the_result()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp, "usr/bin/tool", "opt/tool/data");

        var (exitCode, stdout, _) = await RunAsync(["pack", tree, "myext", "-f", "dir", "-o", temp.Combine("out"), "--json", "--epoch", "7"]);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal(temp.Combine("out", "myext"), root.GetProperty("path").GetString());
        Assert.Equal("dir", root.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sha256").ValueKind);
        Assert.True(root.GetProperty("size").GetInt64() > 0);
        var diagnostic = root.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal(("warning", "FLX104", "opt"), (diagnostic.GetProperty("severity").GetString(), diagnostic.GetProperty("id").GetString(), diagnostic.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Layout_errors_exit_1_and_list_every_diagnostic()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp, "usr/sbin/daemon", "etc/daemon.conf");

        var (exitCode, stdout, stderr) = await RunAsync(["pack", tree, "myext", "-o", temp.Combine("out")]);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("error[FLX101]: etc: ", stderr);
        Assert.Contains("error[FLX103]: usr/sbin: ", stderr);
        Assert.Contains("flix: error: ", stderr);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public async Task Layout_errors_in_json_mode_are_printed_as_json()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp, "usr/lib/os-release");

        var (exitCode, stdout, _) = await RunAsync(["pack", tree, "myext", "-o", temp.Combine("out"), "--json"]);

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("FLX105", json.RootElement.GetProperty("diagnostics")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Other_failures_in_json_mode_are_printed_as_json_too()
    {
        using var temp = new TempDirectory();

        var (exitCode, stdout, stderr) = await RunAsync(["pack", temp.Combine("missing"), "myext", "-o", temp.Combine("out"), "--json"]);

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Contains("missing", json.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("flix: error: ", stderr);
    }

    [Fact]
    public async Task A_missing_tree_exits_1_with_one_line_and_no_stack_trace()
    {
        using var temp = new TempDirectory();

        var (exitCode, _, stderr) = await RunAsync(["pack", temp.Combine("missing"), "myext", "-o", temp.Combine("out")]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("flix: error: ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(" at ", stderr);
    }

    [Fact]
    public async Task Flix_debug_adds_the_stack_trace()
    {
        using var temp = new TempDirectory();

        var (exitCode, _, stderr) = await RunAsync(["pack", temp.Combine("missing"), "myext", "-o", temp.Combine("out")], new() { ["FLIX_DEBUG"] = "1" });

        Assert.Equal(1, exitCode);
        Assert.StartsWith("flix: error: ", stderr);
        Assert.Contains(" at Flix.", stderr);
    }

    [Fact]
    public async Task The_built_program_returns_2_on_bad_usage()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "flix.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "pack", "tree", "x", "--arch", "mips"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Unknown architecture 'mips'", error);
    }
}
