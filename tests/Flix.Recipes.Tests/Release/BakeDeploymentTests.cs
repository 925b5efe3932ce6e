using System.Security.Cryptography;
using System.Text.Json;
using Flix.Sysext.Deploy;

namespace Flix.Recipes.Tests.Release;

/// <summary>
/// <c>flix bake NAME VERSION --sysupdate --butane --ignition</c> of a minor-pinned recipe: the transfer, its
/// minor-pinned twin and noop.conf; a Butane file and Ignition JSON whose download URL and hash are the image's and
/// whose transfer is the pinned one; the --json report naming them all.
/// </summary>
public sealed class BakeDeploymentTests : IDisposable
{
    private const string Url = "https://extensions.example.com/kubetool/";
    private readonly ReleaseFixture _fixture = new();

    [Fact]
    public async Task Bake_writes_the_deployment_files_of_a_minor_pinned_recipe()
    {
        await _fixture.WriteAsync();
        string output = Path.Combine(_fixture.Work, "out");

        var (code, stdout, stderr) = await _fixture.FlixAsync(
            "bake", "kubetool", "v1.32.2", "--arch", "x86-64", "--output", output, "--sysupdate", "--sysupdate-url", Url, "--butane", "--ignition", "--json");

        Assert.True(code == 0, stderr + stdout);
        using var report = JsonDocument.Parse(stdout);
        var deployment = report.RootElement.GetProperty("deployment").EnumerateArray()
            .ToDictionary(f => f.GetProperty("kind").GetString()!, f => Path.GetFileName(f.GetProperty("path").GetString()!));
        Assert.Equal(
            new Dictionary<string, string>
            {
                [DeploymentFileKinds.Transfer] = "kubetool.conf",
                [DeploymentFileKinds.MinorPinnedTransfer] = "kubetool-v1.32.conf",
                [DeploymentFileKinds.Noop] = "noop.conf",
                [DeploymentFileKinds.Butane] = "kubetool.bu",
                [DeploymentFileKinds.Ignition] = "kubetool.ign",
            },
            deployment);

        const string image = "kubetool-v1.32.2-x86-64.raw";
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, image))));
        Assert.Equal(sha256, report.RootElement.GetProperty("sha256").GetString());

        string pinned = await File.ReadAllTextAsync(Path.Combine(output, "kubetool-v1.32.conf"));
        string patternLine = pinned.Split('\n').Single(l => l.StartsWith("MatchPattern=", StringComparison.Ordinal));
        var pattern = SysupdatePattern.Parse(patternLine["MatchPattern=".Length..], SysupdateSpecifiers.ForArchitecture("x86-64"));
        Assert.Equal("2", pattern.Match(image)?.Version);
        Assert.Contains($"\nPath={Url}\n", pinned);

        string butane = await File.ReadAllTextAsync(Path.Combine(output, "kubetool.bu"));
        Assert.Contains($"source: {Url}{image}\n", butane);
        Assert.Contains($"hash: sha256-{sha256}\n", butane);
        Assert.Contains("- path: /etc/sysupdate.kubetool.d/kubetool-v1.32.conf\n", butane);
        Assert.Contains("touch /run/reboot-required", butane);

        using var ignition = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "kubetool.ign")));
        var download = ignition.RootElement.GetProperty("storage").GetProperty("files")[0].GetProperty("contents");
        Assert.Equal(Url + image, download.GetProperty("source").GetString());
        Assert.Equal("sha256-" + sha256, download.GetProperty("verification").GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Butane_without_a_versioned_name_is_refused()
    {
        await _fixture.WriteAsync();

        var (code, _, stderr) = await _fixture.FlixAsync("bake", "kubetool", "v1.32.2", "--arch", "x86-64", "--format", "dir", "--butane", "--output", Path.Combine(_fixture.Work, "out"));

        Assert.Equal(2, code);
        Assert.Contains("directory format", stderr);
    }

    public void Dispose() => _fixture.Dispose();
}
