namespace Flix.Fetch.Cache;

/// <summary>
/// A content-addressed folder of verified blobs, <c>blobs/ALGORITHM/HEX</c>. Files are written under <c>tmp/</c>,
/// verified, then renamed into place, so a reader never sees a partial blob and two processes can fill the same
/// entry at once (the last rename wins with identical bytes). Folders are created with mode 0700.
/// </summary>
public sealed class BlobCache
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Temporary files older than this were left by a process that died; they are removed.</summary>
    private static readonly TimeSpan AbandonedAge = TimeSpan.FromDays(1);

    private int _swept;

    public BlobCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>Where the blob of <paramref name="digest"/> lives when cached; the digest's grammar makes the name safe.</summary>
    public string GetPath(Digest digest) => Path.Combine(Directory, "blobs", digest.Algorithm, digest.Hex);

    /// <summary>
    /// The path of the cached blob of <paramref name="digest"/> when present with the right content and, when
    /// <paramref name="size"/> is given, that size; a present file that does not match is removed. Null when absent.
    /// </summary>
    public async Task<string?> TryGetAsync(Digest digest, long? size, CancellationToken ct = default)
    {
        var path = GetPath(digest);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if ((size is null || info.Length == size) && await VerifyFileAsync(path, digest, ct).ConfigureAwait(false))
        {
            return path;
        }

        TryDelete(path);
        return null;
    }

    /// <summary>A fresh, empty temporary file in the cache's own <c>tmp/</c> folder, on the same file system as the blobs.</summary>
    public string CreateTemporaryFile()
    {
        var folder = EnsureDirectory(Path.Combine(Directory, "tmp"));
        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            SweepAbandoned(folder);
        }

        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.partial");
        using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
        }

        return path;
    }

    /// <summary>Moves the verified <paramref name="temporaryPath"/> into place for <paramref name="digest"/>; returns the blob's path.</summary>
    public string Publish(string temporaryPath, Digest digest)
    {
        var path = GetPath(digest);
        EnsureDirectory(Path.GetDirectoryName(path)!);
        File.Move(temporaryPath, path, overwrite: true);
        return path;
    }

    /// <summary>True when the file at <paramref name="path"/> hashes to <paramref name="digest"/>.</summary>
    public static async Task<bool> VerifyFileAsync(string path, Digest digest, CancellationToken ct = default)
    {
        var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
        await using (stream.ConfigureAwait(false))
        {
            using var hash = digest.CreateHash();
            var buffer = new byte[128 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            return digest.Matches(hash.GetHashAndReset());
        }
    }

    private static void SweepAbandoned(string folder)
    {
        var cutoff = DateTime.UtcNow - AbandonedAge;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.partial"))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                TryDelete(file.FullName);
            }
        }
    }

    /// <summary>Deletes <paramref name="path"/> when it can; a file that cannot be removed is left.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates <paramref name="path"/> and each missing parent with mode 0700; returns it.</summary>
    public static string EnsureDirectory(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            // Create each missing level private; an existing parent (such as ~/.cache) keeps its mode.
            var missing = new Stack<string>();
            for (var p = path; !System.IO.Directory.Exists(p); p = Path.GetDirectoryName(p)!)
            {
                missing.Push(p);
            }

            while (missing.TryPop(out var p))
            {
                if (OperatingSystem.IsWindows())
                {
                    System.IO.Directory.CreateDirectory(p);
                }
                else
                {
                    System.IO.Directory.CreateDirectory(p, PrivateDirectory);
                }
            }
        }

        return path;
    }
}
