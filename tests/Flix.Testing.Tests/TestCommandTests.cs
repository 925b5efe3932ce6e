using Flix.Cli.Commands;

namespace Flix.Testing.Tests;

public sealed class TestCommandTests
{
    [Theory]
    // no image
    [InlineData("test")]
    // only a command
    [InlineData("test", "--", "ls")]
    // --root belongs to --boot
    [InlineData("test", "a.raw", "--root", "/")]
    // a root and an image to boot
    [InlineData("test", "--boot", "a.raw", "--root", "/", "--image", "debian")]
    // a boot with only a command
    [InlineData("test", "--boot", "--", "ls")]
    // a time limit must be positive
    [InlineData("test", "a.raw", "--timeout", "0")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (exitCode, output, error) = await FlixTest.TextAsync(args);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("flix: ", error);
        Assert.Contains("'flix test --help'", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void What_follows_the_double_dash_is_the_command()
    {
        var root = Cli.Program.CreateRootCommand(_ => null);
        var command = root.Subcommands.OfType<TestCommand>().Single();

        var (images, run) = command.SplitArguments(root.Parse(["test", "a.raw", "b.raw", "--", "sh", "-c", "exit 3"]));
        var (alone, none) = command.SplitArguments(root.Parse(["test", "a.raw"]));

        Assert.Equal(["a.raw", "b.raw"], images);
        Assert.Equal(["sh", "-c", "exit 3"], run);
        Assert.Equal(["a.raw"], alone);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_missing_image_is_an_error_naming_it()
    {
        var (exitCode, _, error) = await FlixTest.TextAsync("test", "/nonexistent/flix.raw");

        Assert.Equal(1, exitCode);
        Assert.Equal("flix: error: '/nonexistent/flix.raw' does not exist.\n", error);
    }
}
