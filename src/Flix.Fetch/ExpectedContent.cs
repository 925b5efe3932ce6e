namespace Flix.Fetch;

/// <summary>
/// What a download or copy must deliver: the digest it must hash to and its exact size, each when known, and a
/// label naming it in messages ("Blob sha256:… from registry/repo", "https://…/x.tar.xz").
/// </summary>
public sealed record ExpectedContent
{
    /// <summary>The default cap on content of unknown size: 16 GiB.</summary>
    public const long DefaultMaxSize = 16L << 30;

    public ExpectedContent(string label, Digest? digest = null, long? size = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (size is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A size cannot be negative.");
        }

        Label = label;
        Digest = digest;
        Size = size;
    }

    /// <summary>Names the content in messages.</summary>
    public string Label { get; init; }

    /// <summary>The digest the bytes must hash to; null when it is learnt from the bytes (then SHA-256).</summary>
    public Digest? Digest { get; init; }

    /// <summary>The exact size; null when unknown (then <see cref="MaxSize"/> caps it).</summary>
    public long? Size { get; init; }

    /// <summary>The most bytes accepted when <see cref="Size"/> is unknown.</summary>
    public long MaxSize { get; init; } = DefaultMaxSize;

    /// <summary>How many bytes may arrive at most: the exact size, else the cap.</summary>
    public long Limit => Size ?? MaxSize;

    /// <summary>An incremental hash of the expected digest's algorithm (SHA-256 when no digest is expected).</summary>
    public System.Security.Cryptography.IncrementalHash CreateHash() =>
        Digest is { } digest ? digest.CreateHash() : System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

    /// <summary>The algorithm the hash of this content is taken with.</summary>
    public string Algorithm => Digest?.Algorithm ?? Fetch.Digest.Sha256;
}
