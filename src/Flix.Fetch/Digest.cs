using System.Security.Cryptography;

namespace Flix.Fetch;

/// <summary>
/// A content digest such as <c>sha256:…</c>. Digests arrive from registries, manifests and archives, so they are
/// untrusted: <see cref="Parse"/> accepts only the exact grammar of the algorithms Flix can verify, which also
/// makes <see cref="Hex"/> safe to use as a file name.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary>The algorithm, <c>sha256</c> or <c>sha512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The encoded hash: lower-case hex of the algorithm's exact length.</summary>
    public string Hex { get; }

    /// <summary>The hash algorithm to verify content against this digest.</summary>
    public HashAlgorithmName HashAlgorithm => Algorithm == Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="InvalidDataException"/> naming it when it is not a valid digest.</summary>
    public static Digest Parse(string? text) =>
        TryParse(text, out var digest)
            ? digest
            : throw new InvalidDataException($"'{Printable(text)}' is not a valid digest: expected sha256:<64 hex> or sha512:<128 hex> in lower case.");

    /// <summary>Parses <paramref name="text"/> without throwing.</summary>
    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var length = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (length < 0 || hex.Length != length || !IsLowerHex(hex))
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>The digest of <paramref name="content"/> with SHA-256.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content) =>
        new(Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>Builds a digest from a finished hash of <paramref name="algorithm"/>.</summary>
    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        Parse($"{algorithm}:{Convert.ToHexStringLower(hash)}");

    /// <summary>True when <paramref name="hash"/>, a finished hash of this digest's algorithm, equals it; compared in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> hash)
    {
        if (Hex is null || hash.Length * 2 != Hex.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Hex), hash);
    }

    /// <summary>Creates an incremental hash for this digest's algorithm.</summary>
    public IncrementalHash CreateHash() => IncrementalHash.CreateHash(HashAlgorithm);

    public override string ToString() => Algorithm is null ? string.Empty : $"{Algorithm}:{Hex}";

    private static bool IsLowerHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Untrusted text made safe for a message: control characters replaced, clipped to 200 characters.</summary>
    public static string Printable(string? text)
    {
        if (text is null)
        {
            return "(null)";
        }

        var clipped = text.Length > 200 ? text[..200] + "…" : text;
        return string.Create(clipped.Length, clipped, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
