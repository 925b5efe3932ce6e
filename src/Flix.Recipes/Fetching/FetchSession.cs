using Flix.Fetch;
using Flix.Fetch.Http;
using Flix.Oci.Sources;

namespace Flix.Recipes.Fetching;

/// <summary>
/// Every fetch of a recipe run, by URL scheme: https/http (the shared verified download), oci:// (registry
/// artifacts), file:// and s3://. Mirrors apply to every URL, offline runs use only the cache, and everything
/// lands in the one content-addressed cache.
/// </summary>
public sealed class FetchSession : IDisposable
{
    private S3ObjectStore? _s3;

    public FetchSession(FetchSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Http = new HttpFetcher(new HttpFetchOptions
        {
            CacheDirectory = options.ResolveCacheDirectory(),
            Mirrors = options.Mirrors,
            Offline = options.Offline,
            Retry = options.Retry,
        });
    }

    public FetchSessionOptions Options { get; }

    public HttpFetcher Http { get; }

    /// <summary>The headers of GitHub API requests: its media type, and the token of GITHUB_TOKEN (or GH_TOKEN) when set.</summary>
    public IReadOnlyDictionary<string, string> GitHubHeaders()
    {
        var headers = new Dictionary<string, string>
        {
            ["Accept"] = "application/vnd.github+json",
            ["X-GitHub-Api-Version"] = "2022-11-28",
        };
        var token = Options.Environment("GITHUB_TOKEN") ?? Options.Environment("GH_TOKEN");
        if (!string.IsNullOrEmpty(token))
        {
            headers["Authorization"] = "Bearer " + token;
        }

        return headers;
    }

    /// <summary>
    /// Fetches <paramref name="url"/> (before mirrors) into the cache, verified against <paramref name="expected"/> when
    /// given; <paramref name="mediaType"/> picks an oci:// artifact's layer.
    /// </summary>
    public async Task<FetchedArtifact> FetchAsync(string url, Digest? expected, string? mediaType, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        var scheme = url[..Math.Max(0, url.IndexOf("://", StringComparison.Ordinal))];
        var verification = expected is null ? "none" : "sha256";
        if (scheme is "http" or "https")
        {
            var fetched = await Http.DownloadAsync(new Uri(url), new ExpectedContent(url, expected), null, null, ct).ConfigureAwait(false);
            return new FetchedArtifact(fetched.Path, fetched.Digest, fetched.Size, fetched.Source, verification, FileNameOf(fetched.Source));
        }

        var target = Options.Mirrors.Rewrite(url);
        var cache = Http.Cache;
        switch (scheme)
        {
            case "file":
                if (Options.Offline && expected is { } pinned && await cache.TryGetAsync(pinned, null, ct).ConfigureAwait(false) is null)
                {
                    throw new OfflineMissingException(target, $"the file with {pinned}");
                }

                var (path, digest, size) = await FileFetcher.FetchAsync(new Uri(target), expected, cache, ct).ConfigureAwait(false);
                return new FetchedArtifact(path, digest, size, target, verification, FileNameOf(target));
            case "oci":
                var oci = await OciArtifactFetcher.FetchAsync(target, mediaType, cache, Http.Sources, OciOptions(), Options.Offline, ct).ConfigureAwait(false);
                if (expected is { } wanted && oci.Digest != wanted)
                {
                    throw new InvalidDataException($"{target} hashes to {oci.Digest}, not to the expected {wanted}.");
                }

                return new FetchedArtifact(oci.Path, oci.Digest, oci.Size, target, expected is null ? "registry digest" : "sha256", oci.Name);
            case "s3":
                if (expected is { } known && await cache.TryGetAsync(known, null, ct).ConfigureAwait(false) is { } hit)
                {
                    return new FetchedArtifact(hit, known, new FileInfo(hit).Length, target, verification, FileNameOf(target));
                }

                if (Options.Offline)
                {
                    throw new OfflineMissingException(target, expected is null ? "the object" : $"the object with {expected}");
                }

                var s3 = await S3().FetchAsync(target, expected, cache, ct).ConfigureAwait(false);
                return new FetchedArtifact(s3.Path, s3.Digest, s3.Size, target, verification, FileNameOf(target));
            default:
                throw new FetchException(url, $"'{Digest.Printable(url)}' has no scheme Flix fetches (https, http, oci, s3, file).");
        }
    }

    /// <summary>The keys below an s3:// prefix (after mirrors).</summary>
    public Task<IReadOnlyList<string>> ListS3Async(string url, CancellationToken ct)
    {
        var target = Options.Mirrors.Rewrite(url);
        if (Options.Offline)
        {
            throw new OfflineMissingException(target, "the bucket listing");
        }

        return S3().ListAsync(target, ct);
    }

    public void Dispose()
    {
        Http.Dispose();
        _s3?.Dispose();
    }

    private S3ObjectStore S3() => _s3 ??= new S3ObjectStore(Options.Environment);

    private ImageSourceOptions OciOptions()
    {
        return new ImageSourceOptions
        {
            CacheDirectory = Http.Cache.Directory,
            Environment = ImageSourceOptions.EnvironmentFrom(Options.Environment),
            MaxAttempts = Options.Retry.MaxAttempts,
            RetryDelay = Options.Retry.RetryDelay,
            StallTimeout = Options.Retry.StallTimeout,
        };
    }

    /// <summary>The last segment of a URL's path, without its query: how a single-file artifact is named.</summary>
    internal static string FileNameOf(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url[..end];
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length == 0 ? "download" : Uri.UnescapeDataString(name);
    }
}
