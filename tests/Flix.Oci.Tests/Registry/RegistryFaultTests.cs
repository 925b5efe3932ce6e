using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;

namespace Flix.Oci.Tests.Registry;

/// <summary>A proxy before the real registry answers some requests itself: tokens, failures, cut transfers, bad bytes.</summary>
[Collection(SampleRegistryCollection.Name)]
public sealed class RegistryFaultTests(SampleRegistry fixture)
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    [Theory]
    [InlineData(null, null)] // anonymous token, as Docker Hub gives for public images
    [InlineData("alice", "secret")] // token service checks basic credentials
    public async Task Bearer_token_flow(string? user, string? password)
    {
        // The challenge names no scope: the client asks for the repository's pull scope itself.
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.RequireBearerToken(userName: user, password: password, scopeInChallenge: false);

        var options = TestOptions.Create() with { Username = user, Password = password };
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", options);
        var image = await source.ResolveAsync(Amd64);
        await source.FetchBlobAsync(image.Layers[0]);
        var tokenRequest = Assert.Single(proxy.Requests, r => r.PathAndQuery.StartsWith("/token", StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(new Uri(proxy.BaseAddress, tokenRequest.PathAndQuery).Query);
        Assert.Equal(FaultyProxy.TokenService, query["service"]);
        Assert.Equal("repository:test/single:pull", query["scope"]);
        Assert.Equal(user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")), tokenRequest.Authorization);
        Assert.Contains(proxy.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v2/test/single/blobs/", StringComparison.Ordinal)
            && r.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true);

        if (user is not null)
        {
            using var wrong = ImageSources.Create($"{proxy.Host}/test/single:1", options with { Password = "wrong" });
            var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => wrong.ResolveAsync(Amd64));
            Assert.Contains("alice", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unauthorized_without_challenge_fails_at_once()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Respond("^/", 401, "application/json", "{}"u8.ToArray()));
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Equal(proxy.Host, e.Registry);
        Assert.True(proxy.Requests.Count <= 2, string.Join("\n", proxy.Requests));
    }

    [Theory]
    [InlineData(429, "1")] // Retry-After in seconds
    [InlineData(429, "garbage")]
    [InlineData(500, null)]
    [InlineData(503, null)]
    public async Task Transient_failures_are_retried(int status, string? retryAfter)
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Respond("/manifests/", status, "application/json", "<html>busy</html>"u8.ToArray(), times: 2,
            headers: retryAfter is null ? [] : [new("Retry-After", retryAfter)]));
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create());
        var started = DateTime.UtcNow;
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal(3, proxy.Requests.Count(r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)));
        if (retryAfter == "1")
        {
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9), "Retry-After was not honoured.");
        }
    }

    [Fact]
    public async Task Persistent_rate_limit_and_server_errors_give_their_exceptions()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Respond("/manifests/", 429, "application/json", "<html>no</html>"u8.ToArray(), headers: [new("Retry-After", "0")]));
        var options = TestOptions.Create() with { MaxAttempts = 3 };
        using (var source = ImageSources.Create($"{proxy.Host}/test/single:1", options))
        {
            var e = await Assert.ThrowsAsync<RegistryRateLimitedException>(() => source.ResolveAsync(Amd64));
            Assert.Equal("test/single", e.Repository);
        }

        proxy.ClearFaults();
        proxy.AddFault(ProxyFault.Respond("/manifests/", 500, "application/json", "<html>no</html>"u8.ToArray(), headers: [new("Retry-After", "0")]));
        using (var source = ImageSources.Create($"{proxy.Host}/test/single:1", options))
        {
            var e = await Assert.ThrowsAsync<RegistryProtocolException>(() => source.ResolveAsync(Amd64));
            Assert.Contains("500", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true)] // the server honours Range: the download resumes
    [InlineData(false)] // the server ignores Range and sends it all again: the download restarts
    public async Task Connection_cut_mid_blob_resumes(bool honourRange)
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create());
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];

        // The first transfer of the large layer sends its headers and a third of the body, then drops the connection.
        proxy.AddFault(ProxyFault.CutBody(LayerPath(layer), layer.Size / 3, times: 1));
        if (!honourRange)
        {
            proxy.AddFault(ProxyFault.IgnoreRange(LayerPath(layer)));
        }

        var path = await source.FetchBlobAsync(layer);
        Assert.True(await Flix.Fetch.Cache.BlobCache.VerifyFileAsync(path, layer.ParsedDigest));
        Assert.Contains(proxy.Requests, r => r.PathAndQuery.Contains(layer.Digest, StringComparison.Ordinal) && r.Range?.StartsWith("bytes=", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Stalled_transfer_is_resumed()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        var options = TestOptions.Create() with { StallTimeout = TimeSpan.FromMilliseconds(500) };
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];

        // The first transfer sends half the body, then nothing more.
        proxy.AddFault(ProxyFault.Stall(LayerPath(layer), layer.Size / 2, times: 1));
        var started = DateTime.UtcNow;
        var path = await source.FetchBlobAsync(layer);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "The stall was not detected.");
        Assert.True(await Flix.Fetch.Cache.BlobCache.VerifyFileAsync(path, layer.ParsedDigest));
        Assert.Contains(proxy.Requests, r => r.PathAndQuery.Contains(layer.Digest, StringComparison.Ordinal) && r.Range?.StartsWith("bytes=", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Blob_always_short_is_rejected_after_the_retries()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        var options = TestOptions.Create() with { MaxAttempts = 3 };
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];

        // Every answer is complete but holds only the first 1000 bytes.
        proxy.AddFault(ProxyFault.Resize(LayerPath(layer), 1000));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains($"declares {layer.Size}", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Requests.Count(r => r.PathAndQuery.Contains(layer.Digest, StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));
    }

    [Fact]
    public async Task Blob_with_wrong_bytes_is_rejected_and_nothing_is_cached()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        var options = TestOptions.Create() with { MaxAttempts = 2 };
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];

        // Every answer has the right length, its last byte flipped.
        proxy.AddFault(ProxyFault.CorruptBody(LayerPath(layer), layer.Size - 1));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains(layer.Digest, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(options.CacheDirectory!, "blobs", "sha256", layer.ParsedDigest.Hex)));
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));
    }

    [Fact]
    public async Task Blob_longer_than_declared_is_rejected()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create());
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];

        // Every answer is the whole blob and 100 more bytes.
        proxy.AddFault(ProxyFault.Resize(LayerPath(layer), layer.Size + 100));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains("longer", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The path pattern of <paramref name="layer"/>'s blob.</summary>
    private static string LayerPath(OciDescriptor layer) => "/blobs/" + Regex.Escape(layer.Digest) + "$";
}
