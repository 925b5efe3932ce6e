using System.Security.Cryptography;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// OpenPGP hash algorithm ids (RFC 9580 9.5) and the ones Flix accepts: SHA-256, SHA-384 and SHA-512. SHA-1 is
/// accepted only in a key's signatures about itself (old keys carry SHA-1 self-signatures; a collision there needs
/// the key's owner to sign a forged key), never over a download.
/// </summary>
internal static class HashAlgorithmIds
{
    public const byte Md5 = 1;
    public const byte Sha1 = 2;
    public const byte Sha256 = 8;
    public const byte Sha384 = 9;
    public const byte Sha512 = 10;
    public const byte Sha224 = 11;

    /// <summary>The .NET algorithm of <paramref name="id"/>, or null when Flix does not accept it.</summary>
    public static HashAlgorithmName? Find(byte id, bool allowSha1) => id switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        Sha1 when allowSha1 => HashAlgorithmName.SHA1,
        _ => null,
    };

    public static string Name(byte id) => id switch
    {
        Md5 => "MD5",
        Sha1 => "SHA-1",
        Sha256 => "SHA-256",
        Sha384 => "SHA-384",
        Sha512 => "SHA-512",
        Sha224 => "SHA-224",
        3 => "RIPEMD-160",
        12 => "SHA3-256",
        14 => "SHA3-512",
        _ => $"hash algorithm {id}",
    };
}
