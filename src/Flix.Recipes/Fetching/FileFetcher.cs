using Flix.Fetch;
using Flix.Fetch.Cache;

namespace Flix.Recipes.Fetching;

/// <summary><c>file://PATH</c>: a local file, copied into the cache while it is hashed and checked.</summary>
internal static class FileFetcher
{
    public static async Task<(string Path, Digest Digest, long Size)> FetchAsync(Uri uri, Digest? expected, BlobCache cache, CancellationToken ct)
    {
        var path = uri.LocalPath;
        if (!File.Exists(path))
        {
            throw new FetchException(uri.ToString(), $"{uri} names no file.");
        }

        var content = new ExpectedContent(uri.ToString(), expected);
        if (expected is { } digest && await cache.TryGetAsync(digest, null, ct).ConfigureAwait(false) is { } hit)
        {
            return (hit, digest, new FileInfo(hit).Length);
        }

        var temporary = cache.CreateTemporaryFile();
        try
        {
            long written;
            Digest actual;
            var source = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
            await using (source.ConfigureAwait(false))
            {
                var destination = new FileStream(temporary, FileMode.Truncate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (destination.ConfigureAwait(false))
                {
                    using var hash = content.CreateHash();
                    written = await VerifyingCopy.CopyAsync(source, destination, hash, 0, content, null, ct).ConfigureAwait(false);
                    actual = VerifyingCopy.Check(hash, written, content);
                }
            }

            return (cache.Publish(temporary, actual), actual, written);
        }
        catch
        {
            BlobCache.TryDelete(temporary);
            throw;
        }
    }
}
