using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// A version 4 signature packet (RFC 9580 5.2.3): type, algorithms, hashed and unhashed subpackets, the 16-bit
/// quick check and, for RSA, the signature value. <see cref="HashedPart"/> is what the hash covers after the signed
/// data; <see cref="AppendTrailer"/> adds it with the v4 trailer.
/// </summary>
internal sealed class OpenPgpSignature
{
    private const int VersionOffset = 0;
    private const int TypeOffset = VersionOffset + 1;
    private const int AlgorithmOffset = TypeOffset + 1;
    private const int HashOffset = AlgorithmOffset + 1;
    private const int HashedLengthOffset = HashOffset + 1;
    private const int HashedOffset = HashedLengthOffset + 2;
    private const int AreaLengthLength = 2;
    private const int QuickCheckLength = 2;
    private const byte SupportedVersion = 4;
    private const byte TrailerVersion = 4;
    private const byte TrailerMarker = 0xFF;

    private OpenPgpSignature()
    {
    }

    public SignatureType Type { get; private init; }

    public PublicKeyAlgorithm Algorithm { get; private init; }

    public byte HashAlgorithm { get; private init; }

    /// <summary>From the version octet through the hashed subpackets.</summary>
    public ReadOnlyMemory<byte> HashedPart { get; private init; }

    public SignatureSubpackets Subpackets { get; private init; } = null!;

    /// <summary>The first two octets the hash must start with.</summary>
    public ushort QuickCheck { get; private init; }

    /// <summary>The RSA signature value, or null for other algorithms.</summary>
    public byte[]? RsaValue { get; private init; }

    public DateTimeOffset Created => Subpackets.Created!.Value;

    /// <summary>The issuer as gpg names it: the fingerprint when the signature carries it, else the key id, else "an unnamed key".</summary>
    public string IssuerText => Subpackets.IssuerFingerprint is { } fingerprint ? Convert.ToHexString(fingerprint)
        : Subpackets.IssuerKeyId is { } id ? "key id " + id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture)
        : "a key it does not name";

    public static OpenPgpSignature Parse(ReadOnlyMemory<byte> packetBody, int packetOffset, string source)
    {
        var body = packetBody.Span;
        var at = $"{source}: offset {packetOffset}";
        if (body.Length < HashedOffset)
        {
            throw new OpenPgpException($"{at}: the signature packet is cut short ({body.Length} bytes).");
        }

        if (body[VersionOffset] != SupportedVersion)
        {
            throw new NotSupportedException($"{at}: a version {body[VersionOffset]} signature; Flix reads version 4 signatures (what gpg makes).");
        }

        int hashedLength = BinaryPrimitives.ReadUInt16BigEndian(body[HashedLengthOffset..]);
        var unhashedLengthOffset = HashedOffset + hashedLength;
        if (body.Length < unhashedLengthOffset + AreaLengthLength)
        {
            throw new OpenPgpException($"{at}: the signature's hashed subpackets run past its end.");
        }

        int unhashedLength = BinaryPrimitives.ReadUInt16BigEndian(body[unhashedLengthOffset..]);
        var unhashedOffset = unhashedLengthOffset + AreaLengthLength;
        var quickCheckOffset = unhashedOffset + unhashedLength;
        if (body.Length < quickCheckOffset + QuickCheckLength)
        {
            throw new OpenPgpException($"{at}: the signature's unhashed subpackets run past its end.");
        }

        var subpackets = SignatureSubpackets.Read(
            packetBody.Slice(HashedOffset, hashedLength), packetBody.Slice(unhashedOffset, unhashedLength), at);
        if (subpackets.Created is null)
        {
            throw new OpenPgpException($"{at}: the signature has no creation time in its hashed subpackets.");
        }

        var algorithm = (PublicKeyAlgorithm)body[AlgorithmOffset];
        byte[]? value = null;
        if (algorithm is PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly)
        {
            var offset = quickCheckOffset + QuickCheckLength;
            value = Mpi.Read(body, ref offset, "the RSA signature value", at);
        }

        return new OpenPgpSignature
        {
            Type = (SignatureType)body[TypeOffset],
            Algorithm = algorithm,
            HashAlgorithm = body[HashOffset],
            HashedPart = packetBody[..unhashedLengthOffset],
            Subpackets = subpackets,
            QuickCheck = BinaryPrimitives.ReadUInt16BigEndian(body[quickCheckOffset..]),
            RsaValue = value,
        };
    }

    /// <summary>A hash of the signature's algorithm, or a <see cref="NotSupportedException"/> naming it.</summary>
    public IncrementalHash CreateHash(bool allowSha1, string what) =>
        HashAlgorithmIds.Find(HashAlgorithm, allowSha1) is { } name
            ? IncrementalHash.CreateHash(name)
            : throw new NotSupportedException($"{what} uses {HashAlgorithmIds.Name(HashAlgorithm)}; Flix accepts SHA-256, SHA-384 and SHA-512.");

    /// <summary>Feeds the hashed part and the v4 trailer (0x04, 0xFF, the hashed part's length as four octets).</summary>
    public void AppendTrailer(IncrementalHash hash)
    {
        hash.AppendData(HashedPart.Span);
        Span<byte> trailer = stackalloc byte[6];
        trailer[0] = TrailerVersion;
        trailer[1] = TrailerMarker;
        BinaryPrimitives.WriteUInt32BigEndian(trailer[2..], (uint)HashedPart.Length);
        hash.AppendData(trailer);
    }

    /// <summary>Whether <paramref name="key"/> made this signature over what <paramref name="hash"/> has been fed (the trailer is added here).</summary>
    public bool VerifyWith(OpenPgpPublicKey key, IncrementalHash hash)
    {
        AppendTrailer(hash);
        var digest = hash.GetHashAndReset();
        if (RsaValue is null || Algorithm is not (PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly))
        {
            throw new NotSupportedException($"a signature by {key.FingerprintHex} uses {OpenPgpPublicKey.AlgorithmName(Algorithm)}; Flix verifies RSA signatures only.");
        }

        // The quick check rejects most mismatches before the RSA operation.
        return BinaryPrimitives.ReadUInt16BigEndian(digest) == QuickCheck
            && key.VerifyRsa(digest, RsaValue, HashAlgorithmIds.Find(HashAlgorithm, allowSha1: true)!.Value);
    }
}
