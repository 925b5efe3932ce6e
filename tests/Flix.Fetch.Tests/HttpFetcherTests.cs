using System.Net;
using System.Text;
using Flix.Core.Tree;
using Flix.Fetch.Http;
using Flix.TestSupport.Http;

namespace Flix.Fetch.Tests;

public sealed class HttpFetcherTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("flix release archive ", 20_000)));
    private readonly string _cache = Directory.CreateTempSubdirectory("flix-fetch-test-").FullName;

    [Fact]
    public async Task A_download_is_verified_cached_and_not_fetched_again()
    {
        await using var server = LoopbackHttpServer.Start(c => LoopbackHttpServer.ServeBytesAsync(c, Payload));
        using var fetcher = Fetcher();
        var uri = new Uri($"{server.BaseUrl}/files/a.tar.gz");
        var first = await fetcher.DownloadAsync(uri, new ExpectedContent("a", Digest.Compute(Payload)));
        Assert.Equal(Payload, await File.ReadAllBytesAsync(first.Path));
        Assert.False(first.FromCache);

        var again = await fetcher.DownloadAsync(uri, new ExpectedContent("a", Digest.Compute(Payload)));
        Assert.True(again.FromCache);
        Assert.Single(server.Requests);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_cache, "blobs")));
    }

    [Fact]
    public async Task Wrong_content_fails_naming_the_url_and_both_digests_and_nothing_is_cached()
    {
        await using var server = LoopbackHttpServer.Start(c => LoopbackHttpServer.ServeBytesAsync(c, Payload));
        using var fetcher = Fetcher();
        var wrong = Digest.Compute(Encoding.UTF8.GetBytes("something else"));
        var uri = new Uri($"{server.BaseUrl}/files/a.tar.gz");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => fetcher.DownloadAsync(uri, new ExpectedContent("a", wrong)));
        Assert.Contains(uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(wrong.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute(Payload).ToString(), e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cache, "blobs")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_cache, "tmp")));
    }

    [Fact]
    public async Task A_404_html_page_is_never_content()
    {
        await using var server = LoopbackHttpServer.Start(c => LoopbackHttpServer.ServeTextAsync(c, 404, "<html><body>Not Found</body></html>", "text/html"));
        using var fetcher = Fetcher();
        var uri = new Uri($"{server.BaseUrl}/missing.tar.xz");
        var e = await Assert.ThrowsAsync<HttpStatusException>(() => fetcher.DownloadAsync(uri, new ExpectedContent("x")));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains(uri.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", e.Message, StringComparison.Ordinal);
        Assert.Contains("HTML page", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // a 404 is not retried
    }

    [Fact]
    public async Task Server_errors_and_429_are_retried()
    {
        var calls = 0;
        await using var server = LoopbackHttpServer.Start(c => Interlocked.Increment(ref calls) switch
        {
            1 => LoopbackHttpServer.ServeTextAsync(c, 503, "busy"),
            2 => LoopbackHttpServer.ServeTextAsync(c, 429, "slow down"),
            _ => LoopbackHttpServer.ServeBytesAsync(c, Payload),
        });
        using var fetcher = Fetcher();
        var got = await fetcher.DownloadAsync(new Uri($"{server.BaseUrl}/f"), new ExpectedContent("f", Digest.Compute(Payload)));
        Assert.Equal(Payload.Length, got.Size);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_cut_transfer_resumes_with_range()
    {
        var calls = 0;
        await using var server = LoopbackHttpServer.Start(async c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // Declare the whole body, send a third, then reset the connection.
                c.Response.ContentLength64 = Payload.Length;
                await c.Response.OutputStream.WriteAsync(Payload.AsMemory(0, Payload.Length / 3));
                await c.Response.OutputStream.FlushAsync();
                c.Response.Abort();
                return;
            }

            await LoopbackHttpServer.ServeBytesAsync(c, Payload);
        });
        using var fetcher = Fetcher();
        var got = await fetcher.DownloadAsync(new Uri($"{server.BaseUrl}/f"), new ExpectedContent("f", Digest.Compute(Payload)));
        Assert.Equal(Payload, await File.ReadAllBytesAsync(got.Path));
        var second = server.Requests.ElementAt(1);
        Assert.NotNull(second.Range);
        Assert.NotEqual("bytes=0-", second.Range);
    }

    [Fact]
    public async Task Credentials_stay_with_the_origin_asked_for()
    {
        await using var other = LoopbackHttpServer.Start(c => LoopbackHttpServer.ServeBytesAsync(c, Payload));
        await using var api = LoopbackHttpServer.Start(c =>
        {
            c.Response.StatusCode = 302;
            c.Response.RedirectLocation = $"{other.BaseUrl}/asset";
            c.Response.Close();
            return Task.CompletedTask;
        });
        using var fetcher = Fetcher();
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret" };
        await fetcher.DownloadAsync(new Uri($"{api.BaseUrl}/download"), new ExpectedContent("f", Digest.Compute(Payload)), headers);
        Assert.Equal("Bearer secret", api.Requests.Single().Authorization);
        Assert.Null(other.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Mirrors_rewrite_every_url()
    {
        await using var server = LoopbackHttpServer.Start(c => LoopbackHttpServer.ServeBytesAsync(c, Payload));
        using var fetcher = Fetcher(mirrors: MirrorMap.Parse([$"https://upstream.example/releases={server.BaseUrl}/mirror"]));
        var got = await fetcher.DownloadAsync(new Uri("https://upstream.example/releases/v1/a.tgz"), new ExpectedContent("a", Digest.Compute(Payload)));
        Assert.Equal($"{server.BaseUrl}/mirror/v1/a.tgz", got.Source);
        Assert.Equal("/mirror/v1/a.tgz", server.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Offline_uses_the_cache_and_names_what_is_missing()
    {
        var pages = 0;
        await using var server = LoopbackHttpServer.Start(c =>
        {
            if (c.Request.RawUrl!.StartsWith("/list", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref pages);
                if (c.Request.RawUrl == "/list")
                {
                    c.Response.AddHeader("Link", "</list?page=2>; rel=\"next\", </list?page=2>; rel=\"last\"");
                }

                return LoopbackHttpServer.ServeTextAsync(c, 200, $"page {c.Request.RawUrl}");
            }

            return LoopbackHttpServer.ServeBytesAsync(c, Payload);
        });
        using (var online = Fetcher())
        {
            var page = await online.GetDocumentAsync(new Uri($"{server.BaseUrl}/list"), 1024);
            Assert.Equal($"{server.BaseUrl}/list?page=2", page.Next);
            await online.DownloadAsync(new Uri($"{server.BaseUrl}/a.tgz"), new ExpectedContent("a"));
        }

        using var offline = Fetcher(offline: true);
        var again = await offline.GetDocumentAsync(new Uri($"{server.BaseUrl}/list"), 1024);
        Assert.Equal("page /list", Encoding.UTF8.GetString(again.Content));
        Assert.Equal($"{server.BaseUrl}/list?page=2", again.Next);
        var file = await offline.DownloadAsync(new Uri($"{server.BaseUrl}/a.tgz"), new ExpectedContent("a"));
        Assert.True(file.FromCache);
        var missing = await Assert.ThrowsAsync<OfflineMissingException>(() => offline.DownloadAsync(new Uri($"{server.BaseUrl}/b.tgz"), new ExpectedContent("b")));
        Assert.Contains($"{server.BaseUrl}/b.tgz", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1, pages);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public void Mirror_rules_need_two_url_prefixes_and_the_longest_wins()
    {
        var map = MirrorMap.Parse(["https://a.example=http://m/a", "https://a.example/deep=http://m/deep"]);
        Assert.Equal("http://m/deep/x", map.Rewrite("https://a.example/deep/x"));
        Assert.Equal("http://m/a/other", map.Rewrite("https://a.example/other"));
        Assert.Equal("https://b.example/x", map.Rewrite("https://b.example/x"));
        var e = Assert.Throws<FormatException>(() => MirrorMap.Parse(["github.com=mirror"]));
        Assert.Contains("github.com", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => TreeRemover.Delete(_cache);

    private HttpFetcher Fetcher(MirrorMap? mirrors = null, bool offline = false) => new(new HttpFetchOptions
    {
        CacheDirectory = _cache,
        Mirrors = mirrors ?? MirrorMap.None,
        Offline = offline,
        Retry = new RetryPolicy { RetryDelay = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromSeconds(10) },
    });
}
