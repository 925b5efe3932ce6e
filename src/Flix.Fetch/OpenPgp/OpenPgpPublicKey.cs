using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// A version 4 public key or subkey packet (RFC 9580 5.5.2): creation time, algorithm and, for RSA, the modulus and
/// exponent; its v4 fingerprint (SHA-1 of 0x99, the two-octet length and the body) and key id (the fingerprint's last
/// eight octets). Keys of other algorithms are read (their fingerprints still name them) but cannot verify.
/// </summary>
internal sealed class OpenPgpPublicKey
{
    private const byte KeyHashPrefix = 0x99;
    private const int VersionOffset = 0;
    private const int CreatedOffset = VersionOffset + 1;
    private const int AlgorithmOffset = CreatedOffset + 4;
    private const int MaterialOffset = AlgorithmOffset + 1;
    private const byte SupportedVersion = 4;
    private const int FingerprintLength = 20;

    /// <summary>Public exponents are small (65537 almost always); a longer one is a damaged key.</summary>
    private const int MaxExponentLength = 4;

    private OpenPgpPublicKey(ReadOnlyMemory<byte> body, DateTimeOffset created, PublicKeyAlgorithm algorithm, byte[]? modulus, byte[]? exponent)
    {
        Body = body;
        Created = created;
        Algorithm = algorithm;
        Modulus = modulus;
        Exponent = exponent;
        Span<byte> prefix = [KeyHashPrefix, (byte)(body.Length >> 8), (byte)body.Length];
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(prefix);
        sha1.AppendData(body.Span);
        Fingerprint = sha1.GetHashAndReset();
        KeyId = BinaryPrimitives.ReadUInt64BigEndian(Fingerprint.AsSpan(FingerprintLength - 8));
    }

    /// <summary>The packet body, as hashed into signatures over the key.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public DateTimeOffset Created { get; }

    public PublicKeyAlgorithm Algorithm { get; }

    public byte[]? Modulus { get; }

    public byte[]? Exponent { get; }

    public byte[] Fingerprint { get; }

    public ulong KeyId { get; }

    /// <summary>The fingerprint as 40 upper-case hex digits, as gpg prints it.</summary>
    public string FingerprintHex => Convert.ToHexString(Fingerprint);

    public string KeyIdHex => KeyId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The modulus length in bits, for RSA keys.</summary>
    public int Bits => Modulus is null || Modulus.Length == 0 ? 0 : ((Modulus.Length - 1) * 8) + (8 - byte.LeadingZeroCount(Modulus[0]));

    public bool IsRsa => Algorithm is PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly or PublicKeyAlgorithm.RsaEncryptOnly;

    public static OpenPgpPublicKey Parse(OpenPgpPacket packet, string source)
    {
        var body = packet.Body.Span;
        if (body.Length < MaterialOffset)
        {
            throw new OpenPgpException($"{source}: offset {packet.Offset}: the key packet is cut short ({body.Length} bytes).");
        }

        if (body[VersionOffset] != SupportedVersion)
        {
            throw new NotSupportedException(
                $"{source}: offset {packet.Offset}: a version {body[VersionOffset]} key; Flix reads version 4 keys (what gpg makes by default).");
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(body[CreatedOffset..]));
        var algorithm = (PublicKeyAlgorithm)body[AlgorithmOffset];
        byte[]? modulus = null;
        byte[]? exponent = null;
        if (algorithm is PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly or PublicKeyAlgorithm.RsaEncryptOnly)
        {
            var offset = MaterialOffset;
            modulus = Mpi.Read(body, ref offset, "the RSA modulus", source);
            exponent = Mpi.Read(body, ref offset, "the RSA exponent", source);
        }

        return new OpenPgpPublicKey(packet.Body, created, algorithm, modulus, exponent);
    }

    /// <summary>Feeds the key as signatures over it hash it: 0x99, the two-octet length, the body.</summary>
    public void AppendTo(IncrementalHash hash)
    {
        Span<byte> prefix = [KeyHashPrefix, (byte)(Body.Length >> 8), (byte)Body.Length];
        hash.AppendData(prefix);
        hash.AppendData(Body.Span);
    }

    /// <summary>Whether the RSA PKCS#1 v1.5 <paramref name="signature"/> over <paramref name="digest"/> verifies with this key.</summary>
    public bool VerifyRsa(ReadOnlySpan<byte> digest, byte[] signature, HashAlgorithmName hash)
    {
        if (!IsRsa)
        {
            throw new NotSupportedException($"the key {FingerprintHex} uses {AlgorithmName(Algorithm)}; Flix verifies RSA signatures only.");
        }

        var bits = Bits;
        if (bits < OpenPgpLimits.MinRsaBits || bits > OpenPgpLimits.MaxRsaBits)
        {
            throw new NotSupportedException($"the key {FingerprintHex} is RSA with {bits} bits; Flix accepts {OpenPgpLimits.MinRsaBits} to {OpenPgpLimits.MaxRsaBits}.");
        }

        if (Exponent is not { Length: > 0 and <= MaxExponentLength })
        {
            throw new OpenPgpException($"the key {FingerprintHex} is not a usable RSA key: its exponent is {Exponent?.Length ?? 0} bytes long.");
        }

        // An MPI drops leading zero octets; PKCS#1 compares signatures of the modulus' exact length.
        var length = Modulus!.Length;
        if (signature.Length > length)
        {
            return false;
        }

        var padded = new byte[length];
        signature.CopyTo(padded, length - signature.Length);
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Modulus = Modulus, Exponent = Exponent });
        }
        catch (CryptographicException e)
        {
            throw new OpenPgpException($"the key {FingerprintHex} is not a usable RSA key ({e.Message.TrimEnd('.')}).", e);
        }

        return rsa.VerifyHash(digest, padded, hash, RSASignaturePadding.Pkcs1);
    }

    public static string AlgorithmName(PublicKeyAlgorithm algorithm) => algorithm switch
    {
        PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly or PublicKeyAlgorithm.RsaEncryptOnly => "RSA",
        PublicKeyAlgorithm.Dsa => "DSA",
        PublicKeyAlgorithm.Elgamal => "Elgamal",
        PublicKeyAlgorithm.Ecdh => "ECDH",
        PublicKeyAlgorithm.Ecdsa => "ECDSA",
        PublicKeyAlgorithm.EdDsaLegacy => "EdDSA (Ed25519)",
        PublicKeyAlgorithm.Ed25519 => "Ed25519",
        PublicKeyAlgorithm.Ed448 => "Ed448",
        PublicKeyAlgorithm.X25519 => "X25519",
        PublicKeyAlgorithm.X448 => "X448",
        _ => $"public-key algorithm {(int)algorithm}",
    };
}
