using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Flix.Fetch;
using Flix.Fetch.Cache;

namespace Flix.Recipes.Fetching;

/// <summary>
/// <c>s3://BUCKET/KEY</c> through AWSSDK.S3 with the usual settings: credentials from AWS_ACCESS_KEY_ID /
/// AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) or the SDK's chain (profiles), the region from AWS_REGION, and an
/// endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (path-style addressing then, as non-AWS servers need).
/// Checksums are computed and validated only when the operation requires it, which non-AWS servers handle.
/// </summary>
internal sealed class S3ObjectStore : IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _endpoint;

    public S3ObjectStore(Func<string, string?> environment)
    {
        var endpoint = environment("AWS_ENDPOINT_URL_S3") ?? environment("AWS_ENDPOINT_URL");
        var region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? "us-east-1";
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 4,
        };
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        _endpoint = string.IsNullOrEmpty(endpoint) ? $"AWS {region}" : endpoint;
        var key = environment("AWS_ACCESS_KEY_ID");
        var secret = environment("AWS_SECRET_ACCESS_KEY");
        var token = environment("AWS_SESSION_TOKEN");
        AWSCredentials? credentials = !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret)
            ? string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token)
            : string.IsNullOrEmpty(environment("AWS_PROFILE")) ? new AnonymousAWSCredentials() : null;

        // No keys and no profile: a public bucket, read without signing.
        _client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>Splits <c>s3://BUCKET/KEY</c>; throws <see cref="FetchException"/> naming it when it is not one.</summary>
    public static (string Bucket, string Key) Split(string url)
    {
        var rest = url.StartsWith("s3://", StringComparison.Ordinal) ? url[5..] : string.Empty;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FetchException(url, $"'{Digest.Printable(url)}' is not s3://BUCKET/KEY.");
        }

        return (rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>Downloads the object into the cache, verified against <paramref name="expected"/> when given.</summary>
    public async Task<(string Path, Digest Digest, long Size)> FetchAsync(string url, Digest? expected, BlobCache cache, CancellationToken ct)
    {
        var (bucket, key) = Split(url);
        if (expected is { } digest && await cache.TryGetAsync(digest, null, ct).ConfigureAwait(false) is { } hit)
        {
            return (hit, digest, new FileInfo(hit).Length);
        }

        var temporary = cache.CreateTemporaryFile();
        try
        {
            using var response = await Call(url, () => _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, ct)).ConfigureAwait(false);
            var content = new ExpectedContent(url, expected, response.ContentLength >= 0 ? response.ContentLength : null);
            Digest actual;
            long written;
            var destination = new FileStream(temporary, FileMode.Truncate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (destination.ConfigureAwait(false))
            {
                using var hash = content.CreateHash();
                written = await VerifyingCopy.CopyAsync(response.ResponseStream, destination, hash, 0, content, null, ct).ConfigureAwait(false);
                actual = VerifyingCopy.Check(hash, written, content);
            }

            return (cache.Publish(temporary, actual), actual, written);
        }
        catch
        {
            BlobCache.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The keys below <c>s3://BUCKET/PREFIX</c>, and the common prefixes one level down.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string url, CancellationToken ct)
    {
        var (bucket, prefix) = Split(url.EndsWith('/') || url.Count(c => c == '/') > 2 ? url : url + "/");
        var names = new List<string>();
        string? token = null;
        for (var page = 0; page < 100; page++)
        {
            var response = await Call(url, () => _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = prefix,
                Delimiter = "/",
                ContinuationToken = token,
            }, ct)).ConfigureAwait(false);
            names.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            names.AddRange(response.CommonPrefixes ?? []);
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                break;
            }

            token = response.NextContinuationToken;
        }

        return names;
    }

    public void Dispose() => _client.Dispose();

    private async Task<T> Call<T>(string url, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            var hint = e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                ? " Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)."
                : string.Empty;
            throw new FetchException(url, $"{url} ({_endpoint}) answered HTTP {(int)e.StatusCode} {e.ErrorCode}: {e.Message}{hint}", e);
        }
        catch (AmazonServiceException e)
        {
            throw new FetchException(url, $"Cannot fetch {url} from {_endpoint}: {e.Message}", e);
        }
        catch (AmazonClientException e)
        {
            throw new FetchException(url, $"Cannot fetch {url} from {_endpoint}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            // The endpoint did not answer at all (refused, unreachable, TLS): the SDK lets the transport's error through.
            throw new FetchException(url, $"Cannot reach {_endpoint} for {url}: {e.Message}", e);
        }
    }
}
