using System.Text.Json;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Cli.Tests.Rootfs;

/// <summary>The <c>flix rootfs</c> command line: results, JSON, exit codes.</summary>
public sealed class RootfsCommandTests
{
    [Fact]
    public async Task Json_names_the_digest_platform_and_layers()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var image = await builder.AddImageAsync(
            ImageSpec.Of(LayerSource.FromEntries([LayerEntry.Directory("usr"), LayerEntry.File("usr/hello", "hi\n", mode: 0x1ED)])), "v1");

        var (code, output, error) = await RunAsync(
            ["rootfs", $"oci:{builder.Directory}:v1", scratch.Combine("rootfs"), "--json", "--cache-dir", scratch.Combine("cache")]);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(image.Manifest.Digest, json.RootElement.GetProperty("digest").GetString());
        Assert.Equal("linux/amd64", json.RootElement.GetProperty("platform").GetString());
        var layer = Assert.Single(json.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal(image.Layers[0].Blob.Digest, layer.GetProperty("digest").GetString());
        Assert.Equal(2, layer.GetProperty("entries").GetInt32());
        Assert.Equal("hi\n", await File.ReadAllTextAsync(scratch.Combine("rootfs", "usr", "hello")));
    }

    [Theory]
    [InlineData("rootfs")] // no arguments
    [InlineData("rootfs", "alpine", "DIR", "--arch", "mips")] // unknown architecture
    [InlineData("rootfs", "alpine", "DIR", "--arch", "arm64", "--platform", "linux/arm64")] // both
    [InlineData("rootfs", "alpine", "DIR", "--password-stdin")] // no user
    [InlineData("rootfs", "Not A Reference!", "DIR")] // bad image name
    [InlineData("rootfs", "docker-archive:", "DIR")] // a source prefix with nothing after it
    public async Task Bad_usage_exits_2(params string[] args)
    {
        using var scratch = new TempDirectory();
        var (code, _, error) = await RunAsync([.. args.Select(a => a == "DIR" ? scratch.Combine("rootfs") : a)]);

        Assert.True(code == 2, error);
        Assert.False(Directory.Exists(scratch.Combine("rootfs")));
    }

    [Fact]
    public async Task A_missing_layout_exits_1_naming_it()
    {
        using var scratch = new TempDirectory();
        var (code, _, error) = await RunAsync(["rootfs", "oci:" + scratch.Combine("nothing") + ":v1", scratch.Combine("rootfs")]);

        Assert.Equal(1, code);
        Assert.Contains(scratch.Combine("nothing"), error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Flix.Cli.Program.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
