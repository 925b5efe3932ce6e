using System.Reflection;
using System.Text.Json;
using Flix.Cli.Commands;

namespace Flix.Cli.Tests.Conventions;

/// <summary>flix --version is the program's; the extension's version is --extension-version (and --version on the verbs).</summary>
public sealed class VersionTests
{
    private static string AssemblyVersion =>
        typeof(FlixRootCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task Flix_version_prints_the_programs_version(string word)
    {
        var (exitCode, output, error) = await CliRun.RunAsync([word]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal($"flix {AssemblyVersion}\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"^flix \d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task Flix_version_json_has_the_version()
    {
        var (exitCode, output, _) = await CliRun.RunAsync(["--version", "--json"]);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.True(document.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(AssemblyVersion, document.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Flix_version_with_a_value_points_to_extension_version()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["--version", "1.0", "debian:trixie", "curl"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("the extension's version is --extension-version 1.0", error);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--extension-version")]
    public async Task Pack_takes_the_extension_version_under_both_names(string option)
    {
        Flix.TestSupport.Processes.HostTools.RequireRoot(); // a dir image keeps root as owner
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        Directory.CreateDirectory(temp.Combine("tree/usr/bin"));
        await File.WriteAllTextAsync(temp.Combine("tree/usr/bin/tool"), "#!/bin/sh\n");

        var (exitCode, output, error) = await CliRun.RunAsync(
            ["pack", temp.Combine("tree"), "tool", option, "1.2", "--arch", "x86-64", "--format", "dir", "-o", temp.Combine("out"), "-q"]);

        Assert.True(exitCode == 0, error);
        Assert.Contains("tool-1.2-x86-64", output);
        Assert.Equal("1.2", ReleaseField(temp.Combine("out/tool-1.2-x86-64/usr/lib/extension-release.d/extension-release.tool"), "VERSION_ID"));
    }

    private static string? ReleaseField(string path, string key) =>
        File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p[0] == key).Select(p => p[1].Trim('"')).FirstOrDefault();
}
