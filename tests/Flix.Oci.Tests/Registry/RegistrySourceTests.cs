using System.Net;
using Flix.Oci.Manifests;
using Flix.Fetch;
using Flix.Oci.References;
using Flix.Oci.Registry;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

[Collection(SampleRegistryCollection.Name)]
public sealed class RegistrySourceTests(SampleRegistry fixture)
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    [Fact]
    public async Task Single_arch_image_resolves_and_its_layers_fetch_verified()
    {
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options);
        var image = await source.ResolveAsync(Amd64);

        Assert.Equal("amd64", image.Config.Architecture);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal(fixture.SingleDigest, image.ManifestDigest.ToString());
        Assert.Equal(["/bin/sh"], image.Config.Config!.Cmd!);
        long reported = 0;
        var path = await source.FetchBlobAsync(image.Layers[0], new SynchronousProgress(n => Interlocked.Add(ref reported, n)));
        Assert.Equal(fixture.SingleLayer.Content, await File.ReadAllBytesAsync(path));
        Assert.StartsWith(options.CacheDirectory!, path, StringComparison.Ordinal);
        Assert.Equal(image.Layers[0].Size, reported);
        var big = await source.FetchBlobAsync(image.Layers[1]);
        Assert.Equal(image.Layers[1].Size, new FileInfo(big).Length);
        Assert.True(OperatingSystem.IsLinux());
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(options.CacheDirectory!, "blobs")));
        }
    }

    [Theory]
    [InlineData("linux/arm64", "arm64", "v8")] // variant taken from the index
    [InlineData("linux/arm64/v8", "arm64", "v8")]
    [InlineData("linux/arm/v7", "arm", "v7")]
    [InlineData("linux/amd64", "amd64", null)]
    public async Task Multi_arch_index_selects_the_platform(string wanted, string arch, string? variant)
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/multi:1", TestOptions.Create());
        var image = await source.ResolveAsync(Platform.Parse(wanted));
        Assert.Equal(arch, image.Config.Architecture);
        Assert.Equal(variant, image.Config.Variant);
        Assert.Equal(arch, image.Platform.Architecture);
    }

    [Fact]
    public async Task Missing_platform_lists_those_present()
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/multi:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<PlatformNotFoundException>(() => source.ResolveAsync(Platform.Parse("linux/s390x")));
        Assert.Contains("linux/amd64", e.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64/v8", e.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm/v7", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Available.Count);
    }

    [Fact]
    public async Task Single_arch_image_of_another_platform_is_refused()
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<PlatformNotFoundException>(() => source.ResolveAsync(Platform.Parse("linux/arm64")));
        Assert.Contains("linux/amd64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_by_digest_resolves_and_a_wrong_digest_is_not_found()
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/single@{fixture.SingleDigest}", TestOptions.Create());
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(fixture.SingleDigest, image.ManifestDigest.ToString());

        using var missing = ImageSources.Create($"{fixture.Registry.Host}/test/single@sha256:{new string('0', 64)}", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryNotFoundException>(() => missing.ResolveAsync(Amd64));
        Assert.Equal("test/single", e.Repository);
    }

    [Fact]
    public async Task Zstd_layer_resolves_and_fetches()
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/zstd:1", TestOptions.Create());
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(OciMediaTypes.LayerZstd, Assert.Single(image.Layers).MediaType);
        var path = await source.FetchBlobAsync(image.Layers[0]);
        Assert.Equal([0x28, 0xb5, 0x2f, 0xfd], (await File.ReadAllBytesAsync(path))[..4]);
    }

    [Fact]
    public async Task Unknown_tag_is_not_found()
    {
        using var source = ImageSources.Create($"{fixture.Registry.Host}/test/single:nope", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryNotFoundException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cached_blob_is_served_without_any_request()
    {
        var options = TestOptions.Create();
        OciDescriptor layer;
        using (var first = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options))
        {
            layer = (await first.ResolveAsync(Amd64)).Layers[0];
            await first.FetchBlobAsync(layer);
        }

        using var counter = new CountingHandler();
        using var second = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options with { HttpMessageHandler = counter });
        var path = await second.FetchBlobAsync(layer);
        Assert.Equal(0, counter.Count);
        Assert.Equal(fixture.SingleLayer.Content, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Two_sources_fetch_the_same_blob_at_once()
    {
        var options = TestOptions.Create();
        using var a = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options);
        using var b = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options);
        var layer = (await a.ResolveAsync(Amd64)).Layers[1];
        var paths = await Task.WhenAll(a.FetchBlobAsync(layer), b.FetchBlobAsync(layer), a.FetchBlobAsync(layer));
        Assert.Single(paths.Distinct());
        Assert.True(await Flix.Fetch.Cache.BlobCache.VerifyFileAsync(paths[0], layer.ParsedDigest));
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));
    }

    [Fact]
    public async Task No_cache_leaves_nothing_behind()
    {
        var options = TestOptions.Create() with { NoCache = true };
        string path;
        using (var source = ImageSources.Create($"{fixture.Registry.Host}/test/single:1", options))
        {
            var image = await source.ResolveAsync(Amd64);
            path = await source.FetchBlobAsync(image.Layers[0]);
            Assert.True(File.Exists(path));
            Assert.False(Directory.Exists(Path.Combine(options.CacheDirectory!, "blobs")));
        }

        Assert.False(File.Exists(path));
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
