using System.Text.Json;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Conventions;

/// <summary>Usage errors: exit code 2, a line saying what is wrong, "Try 'flix VERB --help'", and JSON with --json.</summary>
public sealed class UsageErrorTests
{
    public static TheoryData<string> Verbs => [.. CliRun.Verbs];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task An_unknown_option_is_a_usage_error_on_every_verb(string verb)
    {
        var (exitCode, output, error) = await CliRun.RunAsync([verb, "--no-such-option"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("flix: Unknown option '--no-such-option'.", error);
        Assert.Contains($"Try 'flix {verb} --help' for more information.", error);
    }

    [Theory]
    [InlineData("pack")]
    [InlineData("inspect")]
    [InlineData("rootfs")]
    [InlineData("flatwrap")]
    [InlineData("elf")]
    [InlineData("test")]
    [InlineData("bake")]
    [InlineData("completion")]
    public async Task A_missing_argument_is_a_usage_error(string verb)
    {
        var (exitCode, _, error) = await CliRun.RunAsync([verb]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("flix: ", error, StringComparison.Ordinal);
        Assert.Contains($"Try 'flix {verb} --help'", error);
    }

    [Theory]
    [InlineData("pack")]
    [InlineData("inspect")]
    [InlineData("rootfs")]
    [InlineData("flatwrap")]
    [InlineData("elf")]
    [InlineData("test")]
    [InlineData("recipes")]
    [InlineData("bake")]
    [InlineData("version")]
    public async Task With_json_a_usage_error_is_also_json_on_standard_output(string verb)
    {
        var (exitCode, output, error) = await CliRun.RunAsync([verb, "--json", "--no-such-option"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown option '--no-such-option'", error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal(2, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("Unknown option '--no-such-option'.", root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task With_json_an_error_the_command_raises_is_json_with_exit_code_1()
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string missing = temp.Combine("missing.raw");

        var (exitCode, output, error) = await CliRun.RunAsync(["inspect", missing, "--json"]);

        Assert.Equal(1, exitCode);
        Assert.Contains(missing, error);
        using var document = JsonDocument.Parse(output);
        Assert.False(document.RootElement.GetProperty("success").GetBoolean());
        Assert.Contains(missing, document.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_mistyped_option_gets_did_you_mean()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["pack", "--compresion", "gzip", "tree", "name"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "flix: Unknown option '--compresion'; did you mean '--compression'?\nTry 'flix pack --help' for more information.\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Pack_to_an_output_that_is_a_file_says_to_give_a_folder()
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        Directory.CreateDirectory(temp.Combine("tree/usr/bin"));
        string file = temp.Combine("out.raw");
        await File.WriteAllTextAsync(file, "x");

        var (exitCode, _, error) = await CliRun.RunAsync(["pack", temp.Combine("tree"), "x", "-o", file]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--output is the folder to write into, and '{file}' is a file; give a folder", error);
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("flix")]
    [InlineData("flatwrap")]
    [InlineData("bake")]
    public async Task An_output_folder_that_cannot_be_made_fails_before_any_download(string verb)
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string file = temp.Combine("file");
        await File.WriteAllTextAsync(file, "x");
        string output = Path.Combine(file, "out");
        // Nothing listens on port 9 (discard): a download would fail with a connection error instead.
        string[] args = verb switch
        {
            "flix" => ["127.0.0.1:9/debian:trixie", "tools", "/usr/bin/env", "-o", output, "--json"],
            "flatwrap" => ["flatwrap", "127.0.0.1:9/debian:trixie", "tools", "/usr/bin/env", "-o", output, "--json"],
            _ => ["bake", "local-tool", "1.0.0", "--arch", "x86-64", "--mirror", "file:///var/lib/flix/releases=http://127.0.0.1:9", "-o", output, "--json"],
        };

        var (exitCode, json, error) = await CliRun.RunAsync(args);

        Assert.Equal(1, exitCode);
        Assert.Contains($"flix: error: Cannot make the output folder '{output}': '{file}' is not a folder.", error);
        Assert.DoesNotContain("127.0.0.1:9", error);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.False(document.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [Theory]
    // the folder exists: tried with a file of its own
    [InlineData("", "Cannot write to the output folder 'RO': Read-only file system.")]
    // a missing folder: its parent is only asked, nothing is written there
    [InlineData("/out", "Cannot make the output folder 'RO/out': 'RO': Read-only file system.")]
    public async Task An_output_folder_on_a_read_only_file_system_fails_before_any_download(string below, string expected)
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string folder = temp.CreateSubdirectory("ro");
        string flix = Path.Combine(AppContext.BaseDirectory, "flix");

        // A read-only tmpfs in a private mount namespace: gone with it.
        var run = await ProcessRunner.RunAsync("unshare", [
            "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o ro flix-ro \"$1\" && exec \"$2\" 127.0.0.1:9/debian:trixie tools /usr/bin/env -o \"$1$3\"",
            "sh", folder, flix, below]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("flix: error: " + expected.Replace("RO", folder, StringComparison.Ordinal), run.StandardError);
        Assert.DoesNotContain("127.0.0.1:9", run.StandardError);
    }
}
