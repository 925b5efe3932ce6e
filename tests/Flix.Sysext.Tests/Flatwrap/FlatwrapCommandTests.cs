using Flix.Cli;

namespace Flix.Sysext.Tests.Flatwrap;

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
        using var temp = new Flix.Tests.Support.TemporaryDirectory();
        var before = Directory.GetDirectories(Path.GetTempPath(), "flix-flatwrap-*").ToHashSet();

        var (exitCode, _, error) = await RunAsync(["flatwrap", "dir:" + temp.Combine("missing"), "nginx", "-o", temp.Combine("out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("missing", error);
        Assert.Subset(before, Directory.GetDirectories(Path.GetTempPath(), "flix-flatwrap-*").ToHashSet());
        Assert.False(Directory.Exists(temp.Combine("out", "nginx.raw")));
    }
}
