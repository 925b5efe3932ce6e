using Flix.Oci.References;
using System.Security.Cryptography;

namespace Flix.Oci.Cache;

/// <summary>Copies a blob stream to a file, hashing as it goes, never reading past the declared size.</summary>
internal static class VerifyingCopy
{
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Appends at most <paramref name="size"/> − <paramref name="written"/> bytes of <paramref name="source"/> to
    /// <paramref name="destination"/> and <paramref name="hash"/>; returns the new total. Reading one byte beyond
    /// the declared size fails with <see cref="InvalidDataException"/>. A short stream simply returns a short total.
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, IncrementalHash hash, long written, long size, Digest digest, IProgress<long>? progress, CancellationToken ct)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            var remaining = size - written;
            var want = (int)Math.Min(buffer.Length, remaining + 1);
            var read = await source.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return written;
            }

            if (read > remaining)
            {
                throw new InvalidDataException($"Blob {digest} is longer than the {size} bytes its descriptor declares.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            written += read;
            progress?.Report(read);
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when the total or the hash differs from the descriptor.</summary>
    public static void Check(IncrementalHash hash, long written, long size, Digest digest, string source)
    {
        if (written != size)
        {
            throw new InvalidDataException($"Blob {digest} from {source} has {written} bytes; its descriptor declares {size}.");
        }

        var actual = hash.GetHashAndReset();
        if (!digest.Matches(actual))
        {
            throw new InvalidDataException($"Blob {digest} from {source} hashes to {digest.Algorithm}:{Convert.ToHexStringLower(actual)}, not to its digest.");
        }
    }
}
