using System.Formats.Tar;
using System.Text.Json.Nodes;
using Flix.Oci.Manifests;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.Oci.Tests.Registry;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Sources;

/// <summary>OCI image layouts and docker-archive tars, read without a registry.</summary>
public sealed class LocalSourceTests : IDisposable
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");
    private readonly string _directory = Directory.CreateTempSubdirectory("flix-local-").FullName;
    private readonly TestLayout _layout;
    private readonly JsonObject _single;
    private readonly JsonObject _multi;

    public LocalSourceTests()
    {
        _layout = new TestLayout(Path.Combine(_directory, "layout"));
        _single = _layout.AddImage("amd64", [TestLayout.GzipLayer("a", "1"), TestLayout.GzipLayer("b", "2")]);
        _layout.Tag(_single, "single");
        _multi = _layout.AddIndex(
            _layout.AddImage("amd64", [TestLayout.GzipLayer("arch", "amd64")]),
            _layout.AddImage("arm64", [TestLayout.GzipLayer("arch", "arm64")], "v8"));
        _layout.Tag(_multi, "multi");
    }

    [Fact]
    public async Task Layout_by_tag()
    {
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"oci:{_layout.Directory}:single", options);
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal((string)_single["digest"]!, image.ManifestDigest.ToString());
        Assert.Equal(2, image.Layers.Count);
        var path = await source.FetchBlobAsync(image.Layers[1]);
        Assert.StartsWith(options.CacheDirectory!, path, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_layout.Directory, "blobs", "sha256", image.Layers[1].ParsedDigest.Hex)), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Layout_by_digest_and_index_platform()
    {
        using var source = ImageSources.Create($"oci:{_layout.Directory}@{_multi["digest"]}", TestOptions.Create());
        var image = await source.ResolveAsync(Platform.FromArch("aarch64"));
        Assert.Equal("arm64", image.Config.Architecture);
        var e = await Assert.ThrowsAsync<PlatformNotFoundException>(() => source.ResolveAsync(Platform.Parse("linux/riscv64")));
        Assert.Contains("linux/arm64/v8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_with_unknown_tag_lists_its_tags()
    {
        using var source = ImageSources.Create($"oci:{_layout.Directory}:nope", TestOptions.Create());
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("single, multi", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_with_a_missing_or_corrupt_blob_fails_and_caches_nothing()
    {
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"oci:{_layout.Directory}:single", options);
        var image = await source.ResolveAsync(Amd64);
        var blob = Path.Combine(_layout.Directory, "blobs", "sha256", image.Layers[0].ParsedDigest.Hex);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(blob, bytes);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(image.Layers[0]));
        Assert.Contains(image.Layers[0].Digest, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));

        File.Delete(blob);
        await Assert.ThrowsAsync<FileNotFoundException>(() => source.FetchBlobAsync(image.Layers[0]));
    }

    [Fact]
    public async Task Cached_blob_that_no_longer_matches_is_fetched_again()
    {
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"oci:{_layout.Directory}:single", options);
        var image = await source.ResolveAsync(Amd64);
        var path = await source.FetchBlobAsync(image.Layers[0]);
        await File.WriteAllTextAsync(path, "tampered");
        var again = await source.FetchBlobAsync(image.Layers[0]);
        Assert.Equal(path, again);
        Assert.True(await Flix.Fetch.Cache.BlobCache.VerifyFileAsync(again, image.Layers[0].ParsedDigest));
    }

    [Fact]
    public async Task Layout_index_with_a_hostile_digest_is_refused()
    {
        var hostile = Path.Combine(_directory, "hostile");
        Directory.CreateDirectory(hostile);
        await File.WriteAllTextAsync(Path.Combine(hostile, "index.json"), """{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../../etc/passwd","size":10}]}""");
        using var source = ImageSources.Create($"oci:{hostile}", TestOptions.Create());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("sha256:../../../etc/passwd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_blob_that_is_a_fifo_is_refused_without_hanging()
    {
        using var source = ImageSources.Create($"oci:{_layout.Directory}:single", TestOptions.Create());
        var image = await source.ResolveAsync(Amd64);
        var blob = Path.Combine(_layout.Directory, "blobs", "sha256", image.Layers[1].ParsedDigest.Hex);
        File.Delete(blob);
        await ProcessRunner.RunCheckedAsync("mkfifo", [blob]);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(image.Layers[1]));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/vnd.oci.image.layer.v1.tar+bzip2")]
    [InlineData("application/vnd.oci.image.layer.v1.tar+encrypted")]
    public async Task Unknown_layer_media_type_is_refused_by_name(string mediaType)
    {
        var tar = TestLayout.Tar("x", "y");
        _layout.Tag(_layout.AddImage("amd64", [(tar, mediaType, tar)]), "odd");
        using var source = ImageSources.Create($"oci:{_layout.Directory}:odd", TestOptions.Create());
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => source.ResolveAsync(Amd64));
        Assert.Contains(mediaType, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layer_count_must_match_the_diff_ids()
    {
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(_layout.Directory, "blobs", "sha256", ((string)_single["digest"]!)[7..])))!.AsObject();
        manifest["layers"]!.AsArray().RemoveAt(1);
        var descriptor = _layout.AddBlob(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()), OciMediaTypes.ImageManifest);
        _layout.Tag(descriptor, "short");
        using var source = ImageSources.Create($"oci:{_layout.Directory}:short", TestOptions.Create());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("1 layers but its config lists 2 diff_ids", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_nested_too_deep_is_refused()
    {
        // Nest an index five times: deeper than any real image.
        var inner = _multi;
        for (var i = 0; i < 5; i++)
        {
            var entry = (JsonObject)inner.DeepClone();
            entry["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
            inner = _layout.AddIndex(entry);
        }

        _layout.Tag(inner, "deep");
        using var source = ImageSources.Create($"oci:{_layout.Directory}:deep", TestOptions.Create());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_archive_written_by_skopeo()
    {
        var archive = Path.Combine(_directory, "image.tar");
        await ProcessRunner.RunCheckedAsync("skopeo", ["--insecure-policy", "copy", "--quiet", $"oci:{_layout.Directory}:single", $"docker-archive:{archive}:test/app:1"]);
        using var source = ImageSources.Create($"docker-archive:{archive}", TestOptions.Create());
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal("amd64", image.Config.Architecture);
        foreach (var layer in image.Layers)
        {
            var path = await source.FetchBlobAsync(layer);
            Assert.Equal(layer.Size, new FileInfo(path).Length);
        }
    }

    [Fact]
    public async Task Docker_archive_in_the_oci_layout_form()
    {
        // Newer docker save: an OCI layout plus a manifest.json naming blobs/sha256/… paths.
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(_layout.Directory, "blobs", "sha256", ((string)_single["digest"]!)[7..])))!;
        var entry = new JsonArray(new JsonObject
        {
            ["Config"] = "blobs/sha256/" + ((string)manifest["config"]!["digest"]!)[7..],
            ["RepoTags"] = new JsonArray("test/app:1"),
            ["Layers"] = new JsonArray(manifest["layers"]!.AsArray().Select(l => (JsonNode)("blobs/sha256/" + ((string)l!["digest"]!)[7..])).ToArray()),
        });
        await File.WriteAllTextAsync(Path.Combine(_layout.Directory, "manifest.json"), entry.ToJsonString());
        var archive = Path.Combine(_directory, "oci-form.tar");
        await TarFile.CreateFromDirectoryAsync(_layout.Directory, archive, includeBaseDirectory: false);

        using var source = ImageSources.Create($"docker-archive:{archive}", TestOptions.Create());
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(manifest["layers"]!.AsArray().Select(l => (string)l!["digest"]!), image.Layers.Select(l => l.Digest));
        Assert.All(image.Layers, l => Assert.Equal(OciMediaTypes.LayerGzip, l.MediaType));
        await source.FetchBlobAsync(image.Layers[0]);
    }

    [Fact]
    public async Task Docker_archive_naming_a_missing_file_fails()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "manifest.json"), """[{"Config":"../../etc/passwd","Layers":["x/layer.tar"]}]""");
        var archive = Path.Combine(_directory, "bad.tar");
        await using (var stream = File.Create(archive))
        await using (var writer = new TarWriter(stream))
        {
            await writer.WriteEntryAsync(Path.Combine(_directory, "manifest.json"), "manifest.json");
        }

        using var source = ImageSources.Create($"docker-archive:{archive}", TestOptions.Create());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("../../etc/passwd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_daemon_makes_an_engine_source_with_a_default_tag()
    {
        using var source = ImageSources.Create("docker-daemon:alpine", TestOptions.Create());

        Assert.Equal("docker-daemon:alpine:latest", Assert.IsType<DockerDaemonSource>(source).Description);
    }

    public void Dispose() => TempDirectory.DeleteTree(_directory);
}
