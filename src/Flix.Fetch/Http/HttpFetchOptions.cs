namespace Flix.Fetch.Http;

/// <summary>How <see cref="HttpFetcher"/> downloads: the cache, mirrors, offline mode, retries, the transport.</summary>
public sealed record HttpFetchOptions
{
    /// <summary>The cache folder (content under <c>blobs/</c>, URL records under <c>sources/</c>).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>URL rewrites applied to every request before it is sent.</summary>
    public MirrorMap Mirrors { get; init; } = MirrorMap.None;

    /// <summary>Use only the cache: a fetch that needs the network fails naming what is missing.</summary>
    public bool Offline { get; init; }

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>The HTTP handler to send requests through; default a <see cref="SocketsHttpHandler"/> that does not follow redirects itself.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>The most redirects followed for one request.</summary>
    public int MaxRedirects { get; init; } = 10;
}
