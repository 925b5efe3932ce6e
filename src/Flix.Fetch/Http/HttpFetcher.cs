using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Flix.Fetch.Cache;

namespace Flix.Fetch.Http;

/// <summary>
/// Verified HTTP downloads into the content-addressed cache: mirrors applied, status codes checked (an error page
/// is never content), retries with backoff on 5xx, 429 and resets, resume with <c>Range</c>, SHA-256 while
/// streaming, redirects followed without carrying credentials to another origin, and an offline mode that uses
/// only what the cache holds.
/// </summary>
public sealed class HttpFetcher : IDisposable
{
    private const int MaxHintBytes = 512;

    private readonly HttpClient _http;

    public HttpFetcher(HttpFetchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Cache = new BlobCache(options.CacheDirectory);
        Sources = new SourceIndex(Cache);
        _http = FlixHttpClient.Create(options.HttpMessageHandler);
    }

    public HttpFetchOptions Options { get; }

    public BlobCache Cache { get; }

    /// <summary>Which URL delivered which content, for offline runs.</summary>
    public SourceIndex Sources { get; }

    /// <summary>
    /// Downloads <paramref name="uri"/> into the cache and returns it, verified against <paramref name="expected"/>
    /// (its digest when known; its label is replaced by the URL fetched). Content already cached under the expected
    /// digest is not fetched again. Offline, content is taken from the cache or the call fails naming the URL.
    /// </summary>
    public async Task<FetchedContent> DownloadAsync(
        Uri uri, ExpectedContent expected, IReadOnlyDictionary<string, string>? headers = null, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(expected);
        var key = uri.OriginalString;
        var target = Options.Mirrors.Rewrite(uri);
        expected = expected with { Label = target.ToString() };
        if (expected.Digest is { } digest && await Cache.TryGetAsync(digest, expected.Size, ct).ConfigureAwait(false) is { } hit)
        {
            return new FetchedContent(hit, digest, new FileInfo(hit).Length, target.ToString(), FromCache: true);
        }

        if (Options.Offline)
        {
            // Without a digest to look for, the content this URL delivered last is what there is.
            if (expected.Digest is null && Sources.Lookup(key) is { } known && await Cache.TryGetAsync(known.Digest, expected.Size, ct).ConfigureAwait(false) is { } recorded)
            {
                return new FetchedContent(recorded, known.Digest, new FileInfo(recorded).Length, target.ToString(), FromCache: true);
            }

            throw new OfflineMissingException(target.ToString(), expected.Digest is { } d ? $"the file with {d}" : "the file");
        }

        var temporary = Cache.CreateTemporaryFile();
        try
        {
            var actual = await ResumableDownload.DownloadAsync(
                (offset, token) => SendAsync(target, offset, headers, token), temporary, expected, Options.Retry, progress, ct).ConfigureAwait(false);
            var size = new FileInfo(temporary).Length;
            var path = Cache.Publish(temporary, actual);
            Sources.Record(key, actual);
            return new FetchedContent(path, actual, size, target.ToString(), FromCache: false);
        }
        catch
        {
            BlobCache.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Reads the small answer of <paramref name="uri"/> whole (at most <paramref name="maxBytes"/>), with the URL of
    /// the next page when a <c>Link: &lt;…&gt;; rel="next"</c> header names one. Answers are recorded in the cache,
    /// and offline the recorded answer is returned (or the call fails naming the URL).
    /// </summary>
    public async Task<FetchedDocument> GetDocumentAsync(
        Uri uri, int maxBytes, IReadOnlyDictionary<string, string>? headers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var key = uri.OriginalString;
        var target = Options.Mirrors.Rewrite(uri);
        if (Options.Offline)
        {
            if (Sources.Lookup(key) is { } known && await Cache.TryGetAsync(known.Digest, null, ct).ConfigureAwait(false) is { } path)
            {
                return new FetchedDocument(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false), target.ToString(), known.Next);
            }

            throw new OfflineMissingException(target.ToString(), "the answer");
        }

        using var response = await SendAsync(target, 0, headers, ct).ConfigureAwait(false);
        var expected = new ExpectedContent(target.ToString()) { MaxSize = maxBytes };
        using var memory = new MemoryStream();
        using var hash = expected.CreateHash();
        long written;
        try
        {
            var body = new StallGuardStream(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), Options.Retry.StallTimeout);
            await using (body.ConfigureAwait(false))
            {
                written = await VerifyingCopy.CopyAsync(body, memory, hash, 0, expected, null, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw new FetchException(target.ToString(), $"The answer of {target} did not arrive whole: {e.Message}", e);
        }

        var digest = VerifyingCopy.Check(hash, written, expected);
        var content = memory.ToArray();
        var next = NextLink(response, target);
        var temporary = Cache.CreateTemporaryFile();
        try
        {
            await File.WriteAllBytesAsync(temporary, content, ct).ConfigureAwait(false);
            Cache.Publish(temporary, digest);
        }
        catch
        {
            BlobCache.TryDelete(temporary);
            throw;
        }

        Sources.Record(key, digest, next);
        return new FetchedDocument(content, target.ToString(), next);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Sends a GET (from <paramref name="offset"/> when not 0) with retries and redirects; returns a successful
    /// response or throws <see cref="HttpStatusException"/> naming the URL and status.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri target, long offset, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendFollowingRedirectsAsync(target, offset, headers, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < Options.Retry.MaxAttempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(Options.Retry.Backoff(attempt), ct).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new FetchException(target.ToString(), $"Cannot reach {target}: {e.Message}", e);
            }

            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset > 0)
            {
                // The partial file is no prefix the server knows: ask for the whole body again.
                response.Dispose();
                offset = 0;
                attempt--;
                continue;
            }

            if (RetryPolicy.IsRetryable(response.StatusCode) && attempt < Options.Retry.MaxAttempts)
            {
                var delay = Options.Retry.DelayAfter(response, attempt);
                response.Dispose();
                await Task.Delay(delay, ct).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                throw new HttpStatusException(response.RequestMessage?.RequestUri ?? target, response.StatusCode, response.ReasonPhrase, await HintAsync(response, ct).ConfigureAwait(false));
            }
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(Uri target, long offset, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        var origin = target;
        var uri = target;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                // Credentials and API headers go to the origin asked for only, never to where it redirects.
                if (SameOrigin(uri, origin))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
            response.Dispose();
            if (hop >= Options.MaxRedirects)
            {
                throw new FetchException(target.ToString(), $"{target} redirected more than {Options.MaxRedirects} times.");
            }

            if (next.Scheme is not ("http" or "https") || (uri.Scheme == "https" && next.Scheme == "http"))
            {
                throw new FetchException(target.ToString(), $"{target} redirected to '{Digest.Printable(next.ToString())}', which would downgrade or leave HTTP.");
            }

            uri = next;
        }
    }

    /// <summary>A few words on what an error answer held, for its message: its type, and its first line when it is text.</summary>
    private static async Task<string> HintAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        var buffer = new byte[MaxHintBytes];
        int read;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            read = 0;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (type is "text/html" || text.TrimStart().StartsWith('<'))
        {
            return " (an HTML page, not the content)";
        }

        var line = text.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? string.Empty : $": {Digest.Printable(line)}";
    }

    /// <summary>The <c>rel="next"</c> target of a <c>Link</c> header, resolved against <paramref name="baseUri"/>.</summary>
    internal static string? NextLink(HttpResponseMessage response, Uri baseUri)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var open = part.IndexOf('<', StringComparison.Ordinal);
                var close = part.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close <= open)
                {
                    continue;
                }

                var parameters = part[(close + 1)..];
                if (parameters.Contains("rel=\"next\"", StringComparison.Ordinal) || parameters.Contains("rel=next", StringComparison.Ordinal))
                {
                    return Uri.TryCreate(baseUri, part[(open + 1)..close].Trim(), out var next) ? next.ToString() : null;
                }
            }
        }

        return null;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
