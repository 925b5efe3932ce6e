using System.Security.Cryptography;
using System.Text;

namespace Flix.Fetch.Cache;

/// <summary>
/// What each fetched URL last delivered: <c>sources/SHA256-OF-URL</c> holds the digest of the content (kept in the
/// <see cref="BlobCache"/>) and, for paged API answers, the next page's URL. This lets an offline run find checksum
/// files and version lists by their URL. Entries are written by temp file + rename.
/// </summary>
public sealed class SourceIndex
{
    private readonly BlobCache _blobs;

    public SourceIndex(BlobCache blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _blobs = blobs;
    }

    /// <summary>Records that <paramref name="source"/> delivered <paramref name="digest"/> (and names <paramref name="next"/>).</summary>
    public void Record(string source, Digest digest, string? next = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var path = PathOf(source);
        BlobCache.EnsureDirectory(Path.GetDirectoryName(path)!);
        var temporary = _blobs.CreateTemporaryFile();
        try
        {
            File.WriteAllText(temporary, $"{digest}\n{next ?? string.Empty}\n{source}\n", new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            BlobCache.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The digest and next page <paramref name="source"/> last delivered, when recorded; null otherwise.</summary>
    public (Digest Digest, string? Next)? Lookup(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathOf(source));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // The entry names its URL: a hash collision or a damaged file is a miss, never another URL's content.
        if (lines.Length < 3 || lines[2] != source || !Digest.TryParse(lines[0], out var digest))
        {
            return null;
        }

        return (digest, lines[1].Length == 0 ? null : lines[1]);
    }

    private string PathOf(string source) =>
        Path.Combine(_blobs.Directory, "sources", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))));
}
