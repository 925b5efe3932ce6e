using System.Text.Json;

namespace Flix.Cli.Tests.Conventions;

/// <summary>A first word that is neither a verb nor a plausible image, and arguments given the wrong way round.</summary>
public sealed class StrayWordTests
{
    [Fact]
    public async Task A_typo_of_a_verb_is_a_usage_error_with_did_you_mean()
    {
        var (exitCode, output, error) = await CliRun.RunAsync(["inspetc", "x.raw"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("flix: 'inspetc' is not a flix command; did you mean 'inspect'?", error);
        Assert.Contains("docker.io/library/inspetc", error);
    }

    [Fact]
    public async Task Pul_suggests_pull_and_says_what_to_use()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["pul", "debian"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("did you mean 'pull'? (to pull an image and unpack it, use 'flix rootfs IMAGE DIR')", error);
    }

    [Fact]
    public async Task Pull_says_to_use_rootfs_in_json_too()
    {
        var (exitCode, output, error) = await CliRun.RunAsync(["pull", "debian:trixie", "--json"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("'pull' is not a flix command; to pull an image and unpack it, use 'flix rootfs IMAGE DIR'.", error);
        using var document = JsonDocument.Parse(output);
        Assert.Contains("flix rootfs IMAGE DIR", document.RootElement.GetProperty("error").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Theory]
    [InlineData("debian:trixie")]
    [InlineData("docker.io/library/pul")]
    [InlineData("oci:layout")]
    [InlineData("debian")]
    public async Task An_image_is_not_a_stray_word(string image)
    {
        // Without a NAME it stops at a usage error of Flix mode, not at the stray-word check.
        var (exitCode, _, error) = await CliRun.RunAsync([image]);

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("is not a flix command", error);
        Assert.Contains($"flix: Give the extension NAME after the image '{image}': flix IMAGE NAME [PATH...]; or a command: bake, ", error);
        Assert.DoesNotContain("must not be empty", error);
    }

    [Fact]
    public async Task Flatwrap_without_a_name_says_what_to_type()
    {
        var (exitCode, output, error) = await CliRun.RunAsync(["flatwrap", "debian", "--json"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("flix: Give the extension NAME after the image 'debian': flix flatwrap IMAGE NAME [PATH...].", error);
        Assert.DoesNotContain("must not be empty", error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("Give the extension NAME after the image 'debian': flix flatwrap IMAGE NAME [PATH...].", document.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Rootfs_with_folder_and_image_swapped_says_the_order()
    {
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string folder = temp.Combine("root");
        Directory.CreateDirectory(folder);

        var (exitCode, _, error) = await CliRun.RunAsync(["rootfs", folder, "127.0.0.1:5000/debian:trixie"]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"The arguments are IMAGE then DIRECTORY: '{folder}' is a folder and '127.0.0.1:5000/debian:trixie' looks like an image", error);
        Assert.Contains($"run 'flix rootfs 127.0.0.1:5000/debian:trixie {folder}'", error);
        Assert.False(Directory.Exists("127.0.0.1:5000"));
    }

    [Fact]
    public async Task Completion_is_a_verb_not_an_image()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["completion"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("'shell'", error);
        Assert.DoesNotContain("docker.io", error);
    }
}
