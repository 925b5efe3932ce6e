using System.Net;
using System.Net.Sockets;
using System.Text;
using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;

namespace Flix.Oci.Tests.Registry;

/// <summary>Redirects to blob storage, token realms that must be refused, and the process proxy.</summary>
[Collection(SampleRegistryCollection.Name)]
public sealed class RegistryRedirectTests(SampleRegistry fixture)
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    [Fact]
    public async Task Blob_redirect_to_another_host_drops_the_credentials()
    {
        // Storage is another origin (another port); it serves blobs and records what it was sent.
        await using var storage = FaultyProxy.Start(fixture.Registry);
        await using var front = FaultyProxy.Start(fixture.Registry);
        front.RequireBasicAuth("u", "p");
        front.AddFault(ProxyFault.Redirect("/blobs/", storage.BaseAddress));

        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create() with { Username = "u", Password = "p" });
        var image = await source.ResolveAsync(Amd64);
        var path = await source.FetchBlobAsync(image.Layers[0]);
        Assert.True(await Flix.Fetch.Cache.BlobCache.VerifyFileAsync(path, image.Layers[0].ParsedDigest));
        Assert.NotEmpty(storage.Requests);
        Assert.All(storage.Requests, r => Assert.Null(r.Authorization));
        Assert.Contains(front.Requests, r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal) && r.Authorization?.StartsWith("Basic ", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/token")] // not http(s)
    [InlineData("/token")] // relative
    [InlineData("")] // no realm
    public async Task Unusable_token_realms_are_refused(string realm)
    {
        await using var front = FaultyProxy.Start(fixture.Registry);
        front.AddFault(ProxyFault.Respond("^/", 401, "application/json", [], headers: [new("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"x\"")]));
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("token service", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"expires_in":60}""")] // no token at all
    [InlineData("""{"token":""}""")]
    [InlineData("""{"token":"a b"}""")] // not a header-safe token
    [InlineData("""[1,2]""")]
    public async Task Token_responses_without_a_usable_token_are_refused(string body)
    {
        await using var front = FaultyProxy.Start(fixture.Registry);
        front.AddFault(ProxyFault.Respond("^/token", 200, "application/json", Encoding.UTF8.GetBytes(body)));
        front.AddFault(ProxyFault.Respond("^/", 401, "application/json", [], headers: [new("WWW-Authenticate", $"Bearer realm=\"{front.TokenEndpoint}\"")]));
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Contains("token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_handler_sends_requests_through_the_process_proxy()
    {
        // HttpClient.DefaultProxy is what HTTP_PROXY/HTTPS_PROXY/NO_PROXY configure; a relay stands in for the proxy.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var firstLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var relay = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    using (var upstream = new TcpClient())
                    {
                        try
                        {
                            await upstream.ConnectAsync(IPAddress.Loopback, fixture.Registry.Port);
                            var buffer = new byte[8192];
                            var read = await client.GetStream().ReadAsync(buffer);
                            firstLines.Enqueue(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
                            await upstream.GetStream().WriteAsync(buffer.AsMemory(0, read));
                            var up = client.GetStream().CopyToAsync(upstream.GetStream());
                            var down = upstream.GetStream().CopyToAsync(client.GetStream());
                            await Task.WhenAny(up, down);
                        }
                        catch (IOException)
                        {
                        }
                    }
                });
            }
        });

        var saved = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}") { BypassProxyOnLocal = true };
        try
        {
            using var source = ImageSources.Create("flix-registry.invalid:5000/test/single:1", TestOptions.Create() with { Insecure = true });
            var image = await source.ResolveAsync(Amd64);
            Assert.Equal(2, image.Layers.Count);
            Assert.Contains(firstLines, l => l.StartsWith("GET http://flix-registry.invalid:5000/v2/", StringComparison.Ordinal));
        }
        finally
        {
            HttpClient.DefaultProxy = saved;
            listener.Stop();
        }
    }
}
