namespace Flix.Cli.Tests.Conventions;

/// <summary>
/// The help of flix and of every verb against the snapshots in Snapshots/ (VERB-help.txt). They change only on
/// purpose: regenerate them with <c>flix VERB --help &gt; Snapshots/VERB-help.txt</c> and review the difference.
/// </summary>
public sealed class HelpSnapshotTests
{
    public static TheoryData<string> Verbs => [.. CliRun.Verbs];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_verbs_help_matches_its_snapshot(string verb)
    {
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", verb + "-help.txt"));

        var (exitCode, output, error) = await CliRun.RunAsync([verb, "--help"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task Flix_alone_prints_its_help_and_exits_0()
    {
        var (helpExit, help, _) = await CliRun.RunAsync(["--help"]);
        var (exitCode, output, error) = await CliRun.RunAsync([]);

        Assert.Equal(0, helpExit);
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(help, output);
        Assert.Contains("Commands:", output);
    }

    [Theory]
    [InlineData("pack")]
    [InlineData("rootfs")]
    [InlineData("test")]
    public async Task Help_VERB_is_VERB_help(string verb)
    {
        var (_, direct, _) = await CliRun.RunAsync([verb, "--help"]);
        var (exitCode, output, _) = await CliRun.RunAsync(["help", verb]);

        Assert.Equal(0, exitCode);
        Assert.Equal(direct, output);
    }

    [Fact]
    public async Task Help_alone_is_flix_help()
    {
        var (_, direct, _) = await CliRun.RunAsync(["--help"]);
        var (exitCode, output, _) = await CliRun.RunAsync(["help"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(direct, output);
    }

    [Fact]
    public async Task Help_of_an_unknown_verb_is_a_usage_error_with_a_suggestion()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["help", "inspetc"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("'inspetc' is not a flix command; did you mean 'inspect'?", error);
    }
}
