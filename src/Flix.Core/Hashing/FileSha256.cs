using System.Security.Cryptography;

namespace Flix.Core.Hashing;

/// <summary>SHA-256 of a file, streamed; the digest as lower-case hex, as sha256sum prints it.</summary>
public static class FileSha256
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Digest and size of <paramref name="path"/>; with <paramref name="flushToDisk"/> the file is also synced first.</summary>
    public static async Task<(string Sha256, long Size)> ComputeAsync(string path, bool flushToDisk = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = flushToDisk ? FileAccess.ReadWrite : FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        await using (stream.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            if (flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
    }
}
