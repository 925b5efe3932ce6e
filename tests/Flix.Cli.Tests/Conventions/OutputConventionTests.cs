using Flix.Cli.Conventions;

namespace Flix.Cli.Tests.Conventions;

/// <summary>-q, -v, NO_COLOR, and the collapsing of device-node warnings.</summary>
public sealed class OutputConventionTests
{
    [Fact]
    public async Task Verbose_adds_the_stack_trace_to_an_error_and_plain_runs_do_not()
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string missing = temp.Combine("missing");

        var (plainExit, _, plain) = await CliRun.RunAsync(["pack", missing, "x", "-f", "dir", "-o", temp.Combine("out")]);
        var (verboseExit, _, verbose) = await CliRun.RunAsync(["pack", missing, "x", "-f", "dir", "-o", temp.Combine("out"), "--verbose"]);

        Assert.Equal(1, plainExit);
        Assert.Equal(1, verboseExit);
        Assert.Single(plain.TrimEnd().Split('\n'));
        Assert.Contains(missing, plain);
        Assert.Contains("   at ", verbose);
    }

    [Theory]
    [InlineData("-q")]
    [InlineData("--quiet")]
    [InlineData("-v")]
    [InlineData("--verbose")]
    public async Task Every_verb_takes_quiet_and_verbose(string option)
    {
        foreach (var verb in CliRun.Verbs)
        {
            var (exitCode, _, error) = await CliRun.RunAsync([verb, option, "--help"]);
            Assert.True(exitCode == 0, $"{verb} {option}: {error}");
        }
    }

    [Fact]
    public async Task Quiet_unpacking_prints_nothing_on_standard_error_and_nothing_is_coloured()
    {
        Flix.TestSupport.Processes.HostTools.RequireRoot();
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        Directory.CreateDirectory(temp.Combine("src/usr/bin"));
        await File.WriteAllTextAsync(temp.Combine("src/usr/bin/tool"), "#!/bin/sh\n");

        var (exitCode, output, error) = await CliRun.RunAsync(
            ["rootfs", "-q", "dir:" + temp.Combine("src"), temp.Combine("out")], new() { ["NO_COLOR"] = "1" });

        Assert.True(exitCode == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.DoesNotContain('\u001b', output);
        Assert.True(File.Exists(temp.Combine("out/usr/bin/tool")));
    }

    [Fact]
    public void Device_node_warnings_collapse_into_one_line()
    {
        string[] warnings =
        [
            "Layer sha256:ab, entry 'dev/console' is a character device 5:1; without privileges it is an empty file on disk and a device in the model only.",
            "Layer sha256:ab, entry 'dev/null' is a character device 1:3; without privileges it is an empty file on disk and a device in the model only.",
            "Layer sha256:ab, entry 'etc/x' is something else.",
        ];

        var collapsed = WarningSummary.Collapse(warnings);

        Assert.Equal(2, collapsed.Count);
        Assert.Equal("Layer sha256:ab, entry 'etc/x' is something else.", collapsed[0]);
        Assert.StartsWith("2 device node(s) (dev/console, dev/null) are empty files on disk", collapsed[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pul", new[] { "pull", "pack" }, "pull")]
    [InlineData("isnpect", new[] { "inspect", "test" }, "inspect")]
    [InlineData("--compresion", new[] { "--compression", "--compression-level" }, "--compression")]
    [InlineData("debian", new[] { "pack", "test", "bake" }, null)]
    [InlineData("bak", new[] { "bake", "back" }, null)] // a tie suggests nothing
    public void Suggestions_are_close_and_unambiguous(string word, string[] candidates, string? expected)
    {
        Assert.Equal(expected, Suggestions.Closest(word, candidates));
    }
}
