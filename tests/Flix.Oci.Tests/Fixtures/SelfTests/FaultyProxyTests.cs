using System.Net.Http.Headers;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>One registry with one pushed image, shared by the proxy tests (each starts its own proxy).</summary>
public sealed class ProxyRegistryFixture : IAsyncLifetime
{
    private TempDirectory? _scratch;

    public LocalRegistry Registry { get; private set; } = null!;

    public BuiltImage Image { get; private set; } = null!;

    /// <summary>The uncompressed 300 KB layer blob's bytes.</summary>
    public byte[] LayerBlob { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(_scratch.Combine("layout"));
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        Image = await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("data", content)], LayerCompression.None)), "v1");
        LayerBlob = await File.ReadAllBytesAsync(builder.BlobPath(Image.Layers[0].Blob.Digest));
        Registry = await LocalRegistry.StartAsync();
        await Registry.PushAsync(builder.Directory, "flix/app:v1");
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        _scratch?.Dispose();
    }
}

public sealed class FaultyProxyTests(ProxyRegistryFixture fixture) : IClassFixture<ProxyRegistryFixture>
{
    private string BlobPath => $"v2/flix/app/blobs/{fixture.Image.Layers[0].Blob.Digest}";

    [Fact]
    public async Task Requests_are_forwarded_and_ranges_are_honoured()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var manifest = await client.SendAsync(ManifestRequest());
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal(fixture.Image.Manifest.Digest, manifest.Headers.GetValues("Docker-Content-Digest").Single());

        Assert.Equal(fixture.LayerBlob, await client.GetByteArrayAsync(BlobPath));

        using var range = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 1000-1999/" + fixture.LayerBlob.Length, partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(fixture.LayerBlob[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Contains(proxy.Requests, r => r.Range == "bytes=1000-1999" && r.StatusCode == 206);
    }

    [Theory]
    [InlineData(404, "MANIFEST_UNKNOWN")] // missing manifest
    [InlineData(500, "UNKNOWN")] // server error
    public async Task A_status_fault_answers_the_chosen_times_then_requests_pass(int status, string code)
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Status("/manifests/", status, times: 2, errorCode: code));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        for (int i = 0; i < 2; i++)
        {
            using var failed = await client.SendAsync(ManifestRequest());
            Assert.Equal(status, (int)failed.StatusCode);
            using var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync());
            Assert.Equal(code, error.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        using var passed = await client.SendAsync(ManifestRequest());
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal([status, status, 200], proxy.Requests.Select(r => r.StatusCode));

        // Paths that do not match are never touched.
        Assert.Equal(fixture.LayerBlob.Length, (await client.GetByteArrayAsync(BlobPath)).Length);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.TooManyRequests("/blobs/", "3", times: 1));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var limited = await client.GetAsync(BlobPath);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
        using var passed = await client.GetAsync(BlobPath);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task A_cut_body_ends_after_n_bytes_and_a_range_request_resumes_it()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.CutBody("/blobs/", 100_000, times: 1));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var response = await client.GetAsync(BlobPath, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.LayerBlob.Length, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var failure = await Record.ExceptionAsync(() => body.CopyToAsync(received));
        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Equal(100_000, received.Length);

        using var resume = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        resume.Headers.Range = new RangeHeaderValue(received.Length, null);
        using var rest = await client.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        received.Write(await rest.Content.ReadAsByteArrayAsync());
        Assert.Equal(fixture.Image.Layers[0].Blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(received.ToArray())));
    }

    [Fact]
    public async Task Ignore_range_answers_the_whole_blob_with_200()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.IgnoreRange("/blobs/"));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobPath);
        request.Headers.Range = new RangeHeaderValue(5, 9);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.LayerBlob.Length, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task A_corrupt_body_keeps_its_length_and_fails_the_digest()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.CorruptBody("/blobs/", offset: 12_345, times: 1));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };
        byte[] corrupt = await client.GetByteArrayAsync(BlobPath);
        Assert.Equal(fixture.LayerBlob.Length, corrupt.Length);
        Assert.Equal((byte)(fixture.LayerBlob[12_345] ^ 0xFF), corrupt[12_345]);
        Assert.Equal(fixture.LayerBlob[..12_345], corrupt[..12_345]);
        Assert.NotEqual(fixture.Image.Layers[0].Blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(corrupt)));
        Assert.Equal(fixture.LayerBlob, await client.GetByteArrayAsync(BlobPath));
    }

    [Fact]
    public async Task A_stalled_body_hits_the_client_timeout()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Stall("/blobs/", afterBytes: 1000));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };
        using var response = await client.GetAsync(BlobPath, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[fixture.LayerBlob.Length];
        int received = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true)
            {
                int read = await body.ReadAsync(buffer.AsMemory(received), timeout.Token);
                Assert.NotEqual(0, read);
                received += read;
            }
        });
        Assert.Equal(1000, received);
    }

    [Fact]
    public async Task Canned_answers_and_floods_replace_the_registry()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        byte[] schema1 = """{"schemaVersion":1,"name":"flix/app","tag":"v1","fsLayers":[]}"""u8.ToArray();
        proxy.AddFault(ProxyFault.Respond("/manifests/v1$", 200, "application/vnd.docker.distribution.manifest.v1+prettyjws", schema1, times: 1));
        proxy.AddFault(ProxyFault.Respond("/manifests/html$", 403, "text/html", "<html>denied</html>"u8.ToArray()));
        proxy.AddFault(ProxyFault.Flood("/manifests/flood$", 5_000_000));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var v1 = await client.GetAsync("v2/flix/app/manifests/v1");
        Assert.Equal("application/vnd.docker.distribution.manifest.v1+prettyjws", v1.Content.Headers.ContentType?.MediaType);
        Assert.Equal(schema1, await v1.Content.ReadAsByteArrayAsync());

        using var html = await client.GetAsync("v2/flix/app/manifests/html");
        Assert.Equal(HttpStatusCode.Forbidden, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);

        using var flood = await client.GetAsync("v2/flix/app/manifests/flood", HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(flood.Content.Headers.ContentLength);
        Assert.Equal(5_000_000, (await flood.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Bearer_challenge_token_and_check()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.RequireBearerToken(userName: "robot", password: "hunter2");
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var challenged = await client.SendAsync(ManifestRequest());
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        var challenge = challenged.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"realm=\"{proxy.TokenEndpoint}\",service=\"flix-test-proxy\",scope=\"repository:flix/app:pull\"", challenge.Parameter);

        string tokenUri = $"{proxy.TokenEndpoint}?service=flix-test-proxy&scope={Uri.EscapeDataString("repository:flix/app:pull")}";
        using (var anonymous = await client.GetAsync(tokenUri))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:hunter2")));
        using var tokenResponse = await client.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var tokenJson = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        string token = tokenJson.RootElement.GetProperty("token").GetString()!;
        Assert.Equal(token, tokenJson.RootElement.GetProperty("access_token").GetString());
        Assert.Equal(["repository:flix/app:pull"], proxy.TokenScopes);

        var withToken = ManifestRequest();
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var accepted = await client.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var forged = ManifestRequest();
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "flix-forged");
        using var refused = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Skopeo_completes_the_token_dance_through_the_proxy()
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.RequireBearerToken();
        proxy.AddFault(ProxyFault.ServerError("/blobs/", times: 1));
        string[] arguments = ["inspect", "--tls-verify=false", $"docker://{proxy.Host}/flix/app:v1"];

        // The first run meets the injected 500 on the config blob; skopeo reports it.
        var faulted = await ProcessRunner.RunAsync("skopeo", arguments);
        Assert.NotEqual(0, faulted.ExitCode);
        Assert.Contains("500", faulted.StandardError, StringComparison.Ordinal);

        var inspect = await ProcessRunner.RunAsync("skopeo", arguments);
        Assert.True(inspect.ExitCode == 0, inspect.Describe());
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(fixture.Image.Manifest.Digest, json.RootElement.GetProperty("Digest").GetString());
        Assert.NotEmpty(proxy.TokenScopes);
        Assert.Contains(proxy.Requests, r => r.StatusCode == 401);
        Assert.Contains(proxy.Requests, r => r.Authorization?.StartsWith("Bearer flix-", StringComparison.Ordinal) == true && r.StatusCode == 200);
    }

    private static HttpRequestMessage ManifestRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/flix/app/manifests/v1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
        return request;
    }
}
