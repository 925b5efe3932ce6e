using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

public sealed class RegistryAndUmociTests
{
    [Fact]
    public async Task A_pushed_multi_arch_index_is_served_by_the_registry()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var index = await builder.AddIndexAsync(OciLayoutBuilderTests.MultiArch(), "multi");
        await using var registry = await LocalRegistry.StartAsync();
        await registry.PushAsync(builder.Directory, "flix/multi:1.0", layoutTag: "multi", all: true);

        using var client = new HttpClient { BaseAddress = registry.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/flix/multi/manifests/1.0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageIndex));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OciMediaTypes.ImageIndex, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(index.Index.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(
            index.Images.Select(i => i.Manifest.Digest),
            json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));

        // Each platform's manifest and layer are there too.
        foreach (var image in index.Images)
        {
            // Registry 2.8 answers 404 for an OCI manifest unless the client accepts its media type.
            using var manifestRequest = new HttpRequestMessage(HttpMethod.Get, $"v2/flix/multi/manifests/{image.Manifest.Digest}");
            manifestRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
            using var manifest = await client.SendAsync(manifestRequest);
            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
            var layer = await client.GetByteArrayAsync($"v2/flix/multi/blobs/{image.Layers[0].Blob.Digest}");
            Assert.Equal(image.Layers[0].Blob.Size, layer.Length);
            Assert.Equal(image.Layers[0].Blob.Digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(layer)));
        }
    }

    [Fact]
    public async Task A_registry_with_basic_auth_refuses_anonymous_requests_and_accepts_the_password()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        var image = await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("x", "x")])), "v1");
        await using var registry = await LocalRegistry.StartAsync("flix", "s3cret pass");
        await registry.PushAsync(builder.Directory, "private/app:v1");

        using var client = new HttpClient { BaseAddress = registry.BaseAddress };
        using (var anonymous = await client.GetAsync("v2/private/app/manifests/v1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/private/app/manifests/v1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("flix:s3cret pass")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
        using var authorized = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal(image.Manifest.Digest, authorized.Headers.GetValues("Docker-Content-Digest").Single());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "v2/private/app/manifests/v1");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("flix:wrong")));
        using var refused = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData(LayerCompression.Gzip)] // the common case
    [InlineData(LayerCompression.Zstd)] // Debian's umoci 0.4.7 has no zstd: the oracle has skopeo recompress first
    [InlineData(LayerCompression.None)] // plain tar blobs
    public async Task Umoci_unpacks_whiteouts_opaque_dirs_hard_links_xattrs_and_devices_as_the_expected_tree(LayerCompression compression)
    {
        HostTools.RequireRoot("the expected tree holds devices and files owned by other users");
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(SampleLayers.Image(compression), "v1");
        await using var registry = await LocalRegistry.StartAsync();
        await registry.PushAsync(builder.Directory, "flix/sample:v1");
        string pulled = scratch.Combine("pulled");
        await registry.PullToLayoutAsync("flix/sample:v1", pulled, "v1");

        string rootfs = await UmociOracle.UnpackAsync(pulled, "v1", scratch.Combine("bundle"));
        string expected = scratch.Combine("expected");
        await SampleLayers.WriteExpectedTreeAsync(expected);

        var differences = await RootfsComparer.CompareAsync(expected, rootfs);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
    }
}
