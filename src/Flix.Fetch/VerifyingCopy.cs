namespace Flix.Fetch;

/// <summary>Copies content to a stream, hashing as it goes, never reading past the size it may have.</summary>
public static class VerifyingCopy
{
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Appends at most <see cref="ExpectedContent.Limit"/> − <paramref name="written"/> bytes of <paramref name="source"/>
    /// to <paramref name="destination"/> and <paramref name="hash"/>; returns the new total. Reading one byte beyond
    /// the limit fails with <see cref="InvalidDataException"/>. A short stream simply returns a short total.
    /// </summary>
    public static async Task<long> CopyAsync(
        Stream source, Stream destination, System.Security.Cryptography.IncrementalHash hash, long written, ExpectedContent expected,
        IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(expected);
        var limit = expected.Limit;
        var buffer = new byte[BufferSize];
        while (true)
        {
            var remaining = limit - written;
            var want = (int)Math.Min(buffer.Length, remaining + 1);
            var read = await source.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return written;
            }

            if (read > remaining)
            {
                throw new InvalidDataException(expected.Size is { } size
                    ? $"{expected.Label} is longer than the {size} bytes its descriptor declares."
                    : $"{expected.Label} is larger than the limit of {limit} bytes.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            written += read;
            progress?.Report(read);
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when the total differs from the expected size or the hash from the
    /// expected digest (naming both digests); returns the digest.
    /// </summary>
    public static Digest Check(System.Security.Cryptography.IncrementalHash hash, long written, ExpectedContent expected)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.Size is { } size && written != size)
        {
            throw new InvalidDataException($"{expected.Label} has {written} bytes; its descriptor declares {size}.");
        }

        var bytes = hash.GetHashAndReset();
        var actual = Digest.FromHash(expected.Algorithm, bytes);
        if (expected.Digest is { } digest && !digest.Matches(bytes))
        {
            throw new InvalidDataException($"{expected.Label} hashes to {actual}, not to the expected {digest}.");
        }

        return actual;
    }
}
