using System.Text.Json;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Trees;

namespace Flix.Cli.Tests.FlixMode;

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
    [InlineData(new[] { "debian" }, "NAME after the image 'debian'")]
    public async Task Usage_errors_name_the_value(string[] args, string expected)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_dir_source_is_built_read_in_place_and_reported_as_json()
    {
        // A small image on disk made of this machine's ls, its libraries and loader; without PATH, NAME is the program.
        string work = Directory.CreateTempSubdirectory("flix-mode-cli-").FullName;
        try
        {
            string root = HostTrees.WriteHostLsRoot(Path.Combine(work, "root"));
            string output = Path.Combine(work, "out");

            var (exitCode, stdout, stderr) = await RunAsync("dir:" + root, "ls", "--no-auto-libs", "--format", "dir", "--output", output, "--json");

            Assert.True(exitCode == 0, stderr);
            using var report = JsonDocument.Parse(stdout);
            Assert.True(report.RootElement.GetProperty("success").GetBoolean());
            var flix = report.RootElement.GetProperty("flix");
            Assert.Equal("glibc", flix.GetProperty("libc").GetString());
            Assert.Equal("/usr/local/ls", flix.GetProperty("sysroot").GetString());
            Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", flix.GetProperty("libraries").GetProperty("libc.so.6").GetString());
            Assert.Contains("/usr/bin/ls", flix.GetProperty("patched").EnumerateArray().Select(e => e.GetString()));
            Assert.True(File.Exists(Path.Combine(output, "ls/usr/local/ls/lib/ld-linux-x86-64.so.2")));
            Assert.False(Directory.Exists(Path.Combine(root, "usr/local")), "the source folder was written to");
        }
        finally
        {
            TreeRemover.Delete(work);
        }
    }

    [Fact]
    public async Task Butane_and_ignition_deploy_the_image_built_from_an_image()
    {
        string work = Directory.CreateTempSubdirectory("flix-mode-butane-").FullName;
        try
        {
            string root = HostTrees.WriteHostLsRoot(Path.Combine(work, "root"));
            string output = Path.Combine(work, "out");

            var (exitCode, _, stderr) = await RunAsync("dir:" + root, "ls", "--no-auto-libs", "--extension-version", "9.4", "--butane", "--ignition", "--output", output);

            Assert.True(exitCode == 0, stderr);
            string image = Path.Combine(output, "ls-9.4-x86-64.raw");
            string sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(image)));
            string butane = await File.ReadAllTextAsync(Path.Combine(output, "ls.bu"));
            Assert.Contains("ls-9.4-x86-64.raw", butane, StringComparison.Ordinal);
            Assert.Contains("hash: sha256-" + sha256, butane, StringComparison.Ordinal);
            using var ignition = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "ls.ign")));
            Assert.StartsWith("3.", ignition.RootElement.GetProperty("ignition").GetProperty("version").GetString(), StringComparison.Ordinal);
            Assert.Contains("sha256-" + sha256, ignition.RootElement.GetRawText(), StringComparison.Ordinal);

            // Without a version (a dir: source has no package to give one) there is nothing to download: an error, no image.
            string second = Path.Combine(work, "out2");
            var (failed, _, error) = await RunAsync("dir:" + root, "ls", "--no-auto-libs", "--butane", "--output", second);
            Assert.NotEqual(0, failed);
            Assert.Contains("needs a version", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(second, "ls.bu")));
        }
        finally
        {
            TreeRemover.Delete(work);
        }
    }
}
