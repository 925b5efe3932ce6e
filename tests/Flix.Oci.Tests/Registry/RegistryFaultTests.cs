using System.Net;
using System.Text;
using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

/// <summary>A front before the real registry answers some requests itself: tokens, failures, cut transfers, bad bytes.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryFaultTests(RegistryFixture fixture)
{
    private const string Token = "test-token-1";
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    [Theory]
    [InlineData(null, null)] // anonymous token, as Docker Hub gives for public images
    [InlineData("alice", "secret")] // token service checks basic credentials
    public async Task Bearer_token_flow(string? user, string? password)
    {
        var tokenRequests = 0;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            var request = context.Request;
            var realm = $"http://127.0.0.1:{context.Request.LocalEndPoint.Port}/token";
            if (request.Url!.AbsolutePath == "/token")
            {
                Interlocked.Increment(ref tokenRequests);
                Assert.Equal("front", request.QueryString["service"]);
                Assert.Equal("repository:test/single:pull", request.QueryString["scope"]);
                var expected = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
                if (request.Headers["Authorization"] != expected)
                {
                    await Reply(context, 401, "{}");
                    return true;
                }

                await Reply(context, 200, $$"""{"access_token":"{{Token}}","expires_in":300}""");
                return true;
            }

            if (request.Headers["Authorization"] != "Bearer " + Token)
            {
                context.Response.Headers["WWW-Authenticate"] = $"Bearer realm=\"{realm}\",service=\"front\"";
                await Reply(context, 401, """{"errors":[{"code":"UNAUTHORIZED"}]}""");
                return true;
            }

            return false;
        });

        var options = TestOptions.Create() with { Username = user, Password = password };
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var image = await source.ResolveAsync(Amd64);
        await source.FetchBlobAsync(image.Layers[0]);
        Assert.Equal(1, tokenRequests);
        Assert.Contains(front.Log, l => l.StartsWith("GET /v2/test/single/blobs/", StringComparison.Ordinal) && l.EndsWith("Authorization: Bearer", StringComparison.Ordinal));

        if (user is not null)
        {
            using var wrong = ImageSources.Create($"{front.Host}/test/single:1", options with { Password = "wrong" });
            var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => wrong.ResolveAsync(Amd64));
            Assert.Contains("alice", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unauthorized_without_challenge_fails_at_once()
    {
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            await Reply(context, 401, "{}");
            return true;
        });
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Equal(front.Host, e.Registry);
        Assert.True(front.Log.Count <= 2, string.Join("\n", front.Log));
    }

    [Theory]
    [InlineData(429, "1")] // Retry-After in seconds
    [InlineData(429, "garbage")]
    [InlineData(500, null)]
    [InlineData(503, null)]
    public async Task Transient_failures_are_retried(int status, string? retryAfter)
    {
        var failures = 2;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0)
            {
                if (retryAfter is not null)
                {
                    context.Response.Headers["Retry-After"] = retryAfter;
                }

                await Reply(context, status, "<html>busy</html>");
                return true;
            }

            return false;
        });
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create());
        var started = DateTime.UtcNow;
        var image = await source.ResolveAsync(Amd64);
        Assert.Equal(2, image.Layers.Count);
        Assert.Equal(3, front.Log.Count(l => l.Contains("/manifests/", StringComparison.Ordinal)));
        if (retryAfter == "1")
        {
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9), "Retry-After was not honoured.");
        }
    }

    [Fact]
    public async Task Persistent_rate_limit_and_server_errors_give_their_exceptions()
    {
        var status = 429;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/manifests/", StringComparison.Ordinal))
            {
                context.Response.Headers["Retry-After"] = "0";
                await Reply(context, status, "<html>no</html>");
                return true;
            }

            return false;
        });
        var options = TestOptions.Create() with { MaxAttempts = 3 };
        using (var source = ImageSources.Create($"{front.Host}/test/single:1", options))
        {
            var e = await Assert.ThrowsAsync<RegistryRateLimitedException>(() => source.ResolveAsync(Amd64));
            Assert.Equal("test/single", e.Repository);
        }

        status = 500;
        using (var source = ImageSources.Create($"{front.Host}/test/single:1", options))
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
        var cut = 0;
        FakeFront? self = null;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal) && context.Request.Headers["Range"] is null && IsLargeLayer(context) && Interlocked.Increment(ref cut) == 1)
            {
                // Send the headers and part of the body, then drop the connection.
                var response = context.Response;
                response.StatusCode = 200;
                response.ContentLength64 = LargeLayerSize;
                var partial = new byte[LargeLayerSize / 3];
                var content = await File.ReadAllBytesAsync(LargeLayerPath);
                Array.Copy(content, partial, partial.Length);
                await response.OutputStream.WriteAsync(partial);
                await response.OutputStream.FlushAsync();
                response.Abort();
                return true;
            }

            if (!honourRange && context.Request.Headers["Range"] is not null)
            {
                await self!.ForwardAsync(context, passRange: false);
                return true;
            }

            return false;
        });
        self = front;
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var image = await source.ResolveAsync(Amd64);
        var layer = image.Layers[1];
        LargeLayerDigest = layer.Digest;
        LargeLayerSize = layer.Size;
        LargeLayerPath = Path.Combine(fixture.Layout.Directory, "blobs", "sha256", layer.ParsedDigest.Hex);
        var path = await source.FetchBlobAsync(layer);
        Assert.True(await Flix.Oci.Cache.BlobCache.VerifyFileAsync(path, layer.ParsedDigest));
        Assert.Contains(front.Log, l => l.Contains(layer.Digest, StringComparison.Ordinal) && l.Contains("Range: bytes=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stalled_transfer_is_resumed()
    {
        var stalled = 0;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal) && context.Request.Headers["Range"] is null && IsLargeLayer(context) && Interlocked.Increment(ref stalled) == 1)
            {
                var content = await File.ReadAllBytesAsync(LargeLayerPath);
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content.AsMemory(0, content.Length / 2));
                await context.Response.OutputStream.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(5));
                context.Response.Abort();
                return true;
            }

            return false;
        });
        var options = TestOptions.Create() with { StallTimeout = TimeSpan.FromMilliseconds(500) };
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];
        LargeLayerDigest = layer.Digest;
        LargeLayerPath = Path.Combine(fixture.Layout.Directory, "blobs", "sha256", layer.ParsedDigest.Hex);
        var started = DateTime.UtcNow;
        var path = await source.FetchBlobAsync(layer);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "The stall was not detected.");
        Assert.True(await Flix.Oci.Cache.BlobCache.VerifyFileAsync(path, layer.ParsedDigest));
        Assert.Contains(front.Log, l => l.Contains(layer.Digest, StringComparison.Ordinal) && l.Contains("Range: bytes=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Blob_always_short_is_rejected_after_the_retries()
    {
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal) && IsLargeLayer(context))
            {
                var content = await File.ReadAllBytesAsync(LargeLayerPath);
                context.Response.ContentLength64 = 1000;
                await context.Response.OutputStream.WriteAsync(content.AsMemory(0, 1000));
                context.Response.Close();
                return true;
            }

            return false;
        });
        var options = TestOptions.Create() with { MaxAttempts = 3 };
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];
        LargeLayerDigest = layer.Digest;
        LargeLayerPath = Path.Combine(fixture.Layout.Directory, "blobs", "sha256", layer.ParsedDigest.Hex);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains($"declares {layer.Size}", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, front.Log.Count(l => l.Contains(layer.Digest, StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));
    }

    [Fact]
    public async Task Blob_with_wrong_bytes_is_rejected_and_nothing_is_cached()
    {
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal) && IsLargeLayer(context))
            {
                var bytes = await File.ReadAllBytesAsync(LargeLayerPath);
                bytes[^1] ^= 0xff;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
                return true;
            }

            return false;
        });
        var options = TestOptions.Create() with { MaxAttempts = 2 };
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var image = await source.ResolveAsync(Amd64);
        var layer = image.Layers[1];
        LargeLayerDigest = layer.Digest;
        LargeLayerPath = Path.Combine(fixture.Layout.Directory, "blobs", "sha256", layer.ParsedDigest.Hex);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains(layer.Digest, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(options.CacheDirectory!, "blobs", "sha256", layer.ParsedDigest.Hex)));
        Assert.Empty(Directory.GetFiles(Path.Combine(options.CacheDirectory!, "tmp")));
    }

    [Fact]
    public async Task Blob_longer_than_declared_is_rejected()
    {
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal) && IsLargeLayer(context))
            {
                var bytes = (await File.ReadAllBytesAsync(LargeLayerPath)).Concat(new byte[100]).ToArray();
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
                return true;
            }

            return false;
        });
        var options = TestOptions.Create();
        using var source = ImageSources.Create($"{front.Host}/test/single:1", options);
        var layer = (await source.ResolveAsync(Amd64)).Layers[1];
        LargeLayerDigest = layer.Digest;
        LargeLayerPath = Path.Combine(fixture.Layout.Directory, "blobs", "sha256", layer.ParsedDigest.Hex);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => source.FetchBlobAsync(layer));
        Assert.Contains("longer", e.Message, StringComparison.Ordinal);
    }

    private static string LargeLayerDigest { get; set; } = string.Empty;

    private static long LargeLayerSize { get; set; }

    private static string LargeLayerPath { get; set; } = string.Empty;

    private static bool IsLargeLayer(HttpListenerContext context) =>
        LargeLayerDigest.Length > 0 && context.Request.RawUrl!.EndsWith(LargeLayerDigest, StringComparison.Ordinal);

    private static async Task Reply(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
