using Flix.Cli;

namespace Flix.Sysext.Tests.FlixMode;

public sealed class FlixRootCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_matches_the_snapshot()
    {
        // The snapshot is `flix --help` of the built program; regenerate it when options change on purpose.
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", "flix-help.txt"));

        var (exitCode, output, _) = await RunAsync("--help");

        Assert.Equal(0, exitCode);
        string usage = output.Split('\n').First(line => line.Contains(" <image> <name> [<path>...] [command] [options]", StringComparison.Ordinal));
        string normalized = output.Replace(usage, "  flix <image> <name> [<path>...] [command] [options]", StringComparison.Ordinal);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("pack", " pack <tree> <name> [options]")]
    [InlineData("rootfs", " rootfs <image> <directory> [options]")]
    [InlineData("flatwrap", " flatwrap <image> <name> [<path>...] [options]")]
    public async Task A_verbs_help_is_its_own_without_the_root_arguments(string verb, string usage)
    {
        var (exitCode, output, _) = await RunAsync(verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains(usage, output);
        Assert.DoesNotContain("<image>  The image: a reference such as debian:trixie", verb == "pack" ? output : string.Empty);
        Assert.DoesNotContain("--extra-lib", output);
    }

    [Theory]
    // an entry outside /usr and /opt without a target
    [InlineData(new[] { "debian", "tools", "/etc/motd" }, "/etc/motd")]
    // a target outside /usr and /opt
    [InlineData(new[] { "debian", "tools", "/etc/motd:/etc/other" }, "/etc/motd:/etc/other")]
    // a sysroot outside /usr and /opt
    [InlineData(new[] { "debian", "tools", "--sysroot", "/srv/tools" }, "/srv/tools")]
    // a bad extension name
    [InlineData(new[] { "debian", "bad/name" }, "bad/name")]
    // missing the name
    [InlineData(new[] { "debian" }, "name")]
    public async Task Usage_errors_name_the_value(string[] args, string expected)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, error);
    }
}
