using System.Text.Json.Nodes;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

public sealed class DockerArchiveBuilderTests
{
    [Theory]
    [InlineData(false)] // legacy ID/layer.tar folders
    [InlineData(true)] // Docker 25+: an OCI layout beside manifest.json
    public async Task Skopeo_reads_the_archive_and_umoci_unpacks_the_expected_tree(bool ociLayout)
    {
        HostTools.RequireRoot("the expected tree holds devices and files owned by other users");
        using var scratch = new TempDirectory();
        string archive = scratch.Combine("image.tar");
        await DockerArchiveBuilder.WriteAsync(archive, SampleLayers.Image(), ["flix/sample:v1", "flix/sample:latest"], ociLayout);

        var listing = (await ProcessRunner.RunCheckedAsync("tar", ["--list", "--file", archive])).StandardOutput;
        Assert.Contains("manifest.json", listing, StringComparison.Ordinal);
        Assert.Contains(ociLayout ? "index.json" : "/layer.tar", listing, StringComparison.Ordinal);

        string layout = scratch.Combine("layout");
        await ProcessRunner.RunCheckedAsync("skopeo", ["copy", "--quiet", $"docker-archive:{archive}:flix/sample:latest", $"oci:{layout}:v1"]);
        string rootfs = await UmociOracle.UnpackAsync(layout, "v1", scratch.Combine("bundle"));
        string expected = scratch.Combine("expected");
        await SampleLayers.WriteExpectedTreeAsync(expected);
        var differences = await RootfsComparer.CompareAsync(expected, rootfs);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
    }

    [Fact]
    public async Task The_manifest_hook_writes_hostile_paths()
    {
        using var scratch = new TempDirectory();
        string archive = scratch.Combine("image.tar");
        await DockerArchiveBuilder.WriteAsync(archive, SampleLayers.Image(), ["x:y"],
            editManifest: m => m[0]!["Layers"]!.AsArray()[0] = "../../etc/passwd");
        string unpacked = scratch.Combine("unpacked");
        Directory.CreateDirectory(unpacked);
        await ProcessRunner.RunCheckedAsync("tar", ["--extract", "--file", archive, "--directory", unpacked, "manifest.json"]);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(unpacked, "manifest.json")))!;
        Assert.Equal("../../etc/passwd", manifest[0]!["Layers"]![0]!.GetValue<string>());
        Assert.Equal(3, manifest[0]!["Layers"]!.AsArray().Count);
        var result = await ProcessRunner.RunAsync("skopeo", ["inspect", $"docker-archive:{archive}"]);
        Assert.NotEqual(0, result.ExitCode);
    }
}
