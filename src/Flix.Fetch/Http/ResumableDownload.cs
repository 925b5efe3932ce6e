using System.Net;

namespace Flix.Fetch.Http;

/// <summary>
/// Downloads one response body into a file, hashing as it arrives. A transfer cut short (a reset, a stall, fewer
/// bytes than declared) is resumed with <c>Range</c>, or restarted from zero when the server ignores the range;
/// the bytes are then checked against what was expected.
/// </summary>
public static class ResumableDownload
{
    /// <summary>
    /// Fills <paramref name="path"/> (created or truncated) with the body <paramref name="send"/> returns. It is called
    /// with the offset to resume from (0 first) and must return a successful response, adding <c>Range: bytes=OFFSET-</c>
    /// when the offset is not 0. Returns the digest of the bytes; throws <see cref="InvalidDataException"/> when they
    /// are not what <paramref name="expected"/> says.
    /// </summary>
    public static async Task<Digest> DownloadAsync(
        Func<long, CancellationToken, Task<HttpResponseMessage>> send, string path, ExpectedContent expected, RetryPolicy policy,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(policy);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var hash = expected.CreateHash();
            try
            {
                long written = 0;
                for (var attempt = 1; ; attempt++)
                {
                    var offset = written;
                    using var response = await send(offset, ct).ConfigureAwait(false);
                    if (offset > 0 && !(response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset))
                    {
                        // The server sent the whole body again (or a range we did not ask for): start over.
                        file.SetLength(0);
                        file.Position = 0;
                        hash.Dispose();
                        hash = expected.CreateHash();
                        written = 0;
                        if (response.StatusCode == HttpStatusCode.PartialContent)
                        {
                            continue;
                        }
                    }

                    var declaredEnd = response.Content.Headers.ContentLength is { } length ? written + length : (long?)null;
                    var cut = false;
                    try
                    {
                        var body = new StallGuardStream(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), policy.StallTimeout);
                        await using (body.ConfigureAwait(false))
                        {
                            written = await VerifyingCopy.CopyAsync(body, file, hash, written, expected, progress, ct).ConfigureAwait(false);
                        }
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                    {
                        await file.FlushAsync(ct).ConfigureAwait(false);
                        written = file.Position;
                        cut = true;
                    }

                    var shortBody = written < (expected.Size ?? declaredEnd ?? written);
                    if ((cut || shortBody) && attempt < policy.MaxAttempts)
                    {
                        await Task.Delay(policy.Backoff(attempt), ct).ConfigureAwait(false);
                        continue;
                    }

                    if (cut && expected.Size is null)
                    {
                        throw new IOException($"{expected.Label} was cut short after {written} bytes, {policy.MaxAttempts} times.");
                    }

                    break;
                }

                await file.FlushAsync(ct).ConfigureAwait(false);
                return VerifyingCopy.Check(hash, written, expected);
            }
            finally
            {
                hash.Dispose();
            }
        }
    }
}
