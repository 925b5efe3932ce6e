using System.Security.Cryptography;
using System.Text.Json;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

public sealed class OciLayoutBuilderTests
{
    [Theory]
    [InlineData(LayerCompression.Gzip)] // the usual case
    [InlineData(LayerCompression.Zstd)] // through the zstd program
    [InlineData(LayerCompression.None)] // plain tar blobs
    public async Task Skopeo_reads_a_single_platform_image_and_diff_ids_hash_the_uncompressed_tar(LayerCompression compression)
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var image = await builder.AddImageAsync(SampleLayers.Image(compression), "v1");

        var inspect = await ProcessRunner.RunCheckedAsync("skopeo", ["inspect", $"oci:{builder.Directory}:v1"]);
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(image.Manifest.Digest, json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("amd64", json.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("Layers").GetArrayLength());

        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(builder.BlobPath(image.Config.Digest)));
        var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(image.Layers.Select(l => l.DiffId), diffIds);
        Assert.Equal(3, config.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(LayerTarWriter.ToArray(SampleLayers.Layer2))),
            image.Layers[1].DiffId);

        // The blob decompresses (with the reference tool) to the tar the diff_id names.
        string blob = builder.BlobPath(image.Layers[0].Blob.Digest);
        Assert.Equal(image.Layers[0].Blob.Size, new FileInfo(blob).Length);
        string tar = scratch.Combine("layer0.tar");
        switch (compression)
        {
            case LayerCompression.Gzip:
                await ProcessRunner.RunAsync("sh", ["-c", "gzip -dc < \"$1\" > \"$2\"", "sh", blob, tar]);
                Assert.Equal(OciMediaTypes.LayerGzip, image.Layers[0].Blob.MediaType);
                break;
            case LayerCompression.Zstd:
                await ProcessRunner.RunCheckedAsync("zstd", ["-q", "-d", "-o", tar, blob]);
                Assert.Equal(OciMediaTypes.LayerZstd, image.Layers[0].Blob.MediaType);
                break;
            default:
                File.Copy(blob, tar);
                Assert.Equal(OciMediaTypes.Layer, image.Layers[0].Blob.MediaType);
                break;
        }

        Assert.Equal(image.Layers[0].DiffId, "sha256:" + await OciLayoutBuilder.HashFileAsync(tar, default));
    }

    [Fact]
    public async Task A_multi_arch_index_lists_each_platform_and_the_tag()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var index = await builder.AddIndexAsync(MultiArch(), "multi");
        await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("solo", "1")])), "solo");

        using var indexJson = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(builder.Directory, "index.json")));
        var top = indexJson.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(2, top.Count);
        Assert.Equal(index.Index.Digest, top[0].GetProperty("digest").GetString());
        Assert.Equal("multi", top[0].GetProperty("annotations").GetProperty(OciLayoutBuilder.RefNameAnnotation).GetString());
        Assert.Equal(OciMediaTypes.ImageIndex, top[0].GetProperty("mediaType").GetString());

        using var blob = JsonDocument.Parse(await File.ReadAllBytesAsync(builder.BlobPath(index.Index.Digest)));
        var platforms = blob.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("platform"))
            .Select(p => p.GetProperty("architecture").GetString() + (p.TryGetProperty("variant", out var v) ? "/" + v.GetString() : ""))
            .ToList();
        Assert.Equal(["amd64", "arm64/v8", "arm/v7"], platforms);

        // skopeo resolves the index to the image of a chosen platform.
        var arm = await ProcessRunner.RunCheckedAsync("skopeo", ["--override-arch", "arm64", "--override-variant", "v8", "inspect", $"oci:{builder.Directory}:multi"]);
        using var armJson = JsonDocument.Parse(arm.StandardOutput);
        Assert.Equal("arm64", armJson.RootElement.GetProperty("Architecture").GetString());
        var armLayer = armJson.RootElement.GetProperty("Layers").EnumerateArray().Single().GetString();
        Assert.Equal(index.Images[1].Layers[0].Blob.Digest, armLayer);
    }

    [Fact]
    public async Task Docker_media_types_are_used_throughout_and_skopeo_copies_them()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"), dockerMediaTypes: true);
        var index = await builder.AddIndexAsync(MultiArch(), "latest");
        Assert.Equal(OciMediaTypes.DockerManifestList, index.Index.MediaType);
        Assert.All(index.Images, i => Assert.Equal(OciMediaTypes.DockerManifest, i.Manifest.MediaType));
        Assert.All(index.Images, i => Assert.Equal(OciMediaTypes.DockerConfig, i.Config.MediaType));
        Assert.All(index.Images.SelectMany(i => i.Layers), l => Assert.Equal(OciMediaTypes.DockerLayerGzip, l.Blob.MediaType));

        // skopeo 1.9's oci: transport ignores Docker-typed index.json entries; upload over HTTP, read back with skopeo.
        await using var registry = await LocalRegistry.StartAsync();
        string reference = await registry.UploadAsync(builder.Directory, "latest", "flix/docker", "latest");
        var raw = await ProcessRunner.RunCheckedAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://" + reference]);
        Assert.Contains(OciMediaTypes.DockerManifestList, raw.StandardOutput, StringComparison.Ordinal);
        var arm = await ProcessRunner.RunCheckedAsync("skopeo", ["--override-arch", "arm", "--override-variant", "v7", "inspect", "--tls-verify=false", "docker://" + reference]);
        using var armJson = JsonDocument.Parse(arm.StandardOutput);
        Assert.Equal("arm", armJson.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(index.Images[2].Layers[0].Blob.Digest, armJson.RootElement.GetProperty("Layers").EnumerateArray().Single().GetString());
        await ProcessRunner.RunCheckedAsync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", "docker://" + reference, "dir:" + scratch.Combine("copy")]);
        Assert.True(File.Exists(Path.Combine(scratch.Combine("copy"), index.Images[0].Layers[0].Blob.Hex)));

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            builder.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("x", "x")], LayerCompression.Zstd))));
    }

    [Fact]
    public async Task A_layer_from_a_directory_keeps_owners_links_and_xattrs()
    {
        HostTools.RequireRoot("the source directory holds files owned by other users");
        using var scratch = new TempDirectory();
        string tree = scratch.Combine("tree");
        await SampleLayers.WriteExpectedTreeAsync(tree);
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromDirectory(tree)), "dir");

        string rootfs = await UmociOracle.UnpackAsync(builder.Directory, "dir", scratch.Combine("bundle"));
        var differences = await RootfsComparer.CompareAsync(tree, rootfs);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
    }

    [Fact]
    public async Task Edit_hooks_change_the_stored_documents()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var spec = new ImageSpec
        {
            Layers = [LayerSource.FromEntries([LayerEntry.File("x", "x")])],
            EditConfig = c => c["rootfs"]!["diff_ids"]!.AsArray().Clear(),
        };
        var image = await builder.AddImageAsync(spec, "broken");
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(builder.BlobPath(image.Config.Digest)));
        Assert.Equal(0, config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());
        Assert.Single(image.Layers);
    }

    internal static ImageSpec[] MultiArch() =>
    [
        ImageSpec.Of(ImagePlatform.LinuxAmd64, LayerSource.FromEntries([LayerEntry.File("arch", "amd64\n")])),
        ImageSpec.Of(ImagePlatform.LinuxArm64V8, LayerSource.FromEntries([LayerEntry.File("arch", "arm64\n")])),
        ImageSpec.Of(ImagePlatform.LinuxArmV7, LayerSource.FromEntries([LayerEntry.File("arch", "arm\n")])),
    ];
}
