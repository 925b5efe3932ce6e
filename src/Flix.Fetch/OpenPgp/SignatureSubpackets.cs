using System.Buffers.Binary;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// What Flix reads from a signature's subpackets (RFC 9580 5.2.3.7): creation and expiration times, issuer key id
/// and fingerprint, key flags, the reason for a revocation, an embedded signature. The creation time and expirations
/// are read from the hashed area only (the unhashed area is not signed); the issuer may be in either, as it is only
/// a hint that the verification confirms.
/// </summary>
internal sealed class SignatureSubpackets
{
    private const byte CriticalBit = 0x80;
    private const int TwoOctetStart = 192;
    private const int FiveOctetMarker = 255;
    private const int TimeLength = 4;
    private const int KeyIdLength = 8;
    private const byte V4FingerprintVersion = 4;
    private const int V4FingerprintLength = 20;

    public DateTimeOffset? Created { get; private set; }

    /// <summary>Seconds after creation when the signature expires; 0 or null: never.</summary>
    public uint? SignatureLifetime { get; private set; }

    /// <summary>Seconds after the key's creation when the key expires; 0 or null: never.</summary>
    public uint? KeyLifetime { get; private set; }

    public ulong? IssuerKeyId { get; private set; }

    public byte[]? IssuerFingerprint { get; private set; }

    /// <summary>The first octet of the key flags (0x02: may sign data), or null when absent.</summary>
    public byte? KeyFlags { get; private set; }

    public string? RevocationReason { get; private set; }

    public ReadOnlyMemory<byte>? EmbeddedSignature { get; private set; }

    /// <summary>Reads the hashed (<paramref name="hashed"/>) and unhashed areas into one set.</summary>
    public static SignatureSubpackets Read(ReadOnlyMemory<byte> hashed, ReadOnlyMemory<byte> unhashed, string source)
    {
        var result = new SignatureSubpackets();
        result.ReadArea(hashed, isHashed: true, source);
        result.ReadArea(unhashed, isHashed: false, source);
        return result;
    }

    private void ReadArea(ReadOnlyMemory<byte> area, bool isHashed, string source)
    {
        var span = area.Span;
        var offset = 0;
        while (offset < span.Length)
        {
            int length = span[offset++];
            if (length >= TwoOctetStart && length < FiveOctetMarker)
            {
                if (offset >= span.Length)
                {
                    throw Cut(source);
                }

                length = ((length - TwoOctetStart) << 8) + span[offset++] + TwoOctetStart;
            }
            else if (length == FiveOctetMarker)
            {
                if (span.Length - offset < 4)
                {
                    throw Cut(source);
                }

                var wide = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
                offset += 4;
                length = wide > int.MaxValue ? int.MaxValue : (int)wide;
            }

            if (length == 0 || length > span.Length - offset)
            {
                throw Cut(source);
            }

            var critical = (span[offset] & CriticalBit) != 0;
            var type = (SubpacketType)(span[offset] & ~CriticalBit);
            var data = area.Slice(offset + 1, length - 1);
            offset += length;
            Apply(type, data, isHashed, critical, source);
        }
    }

    private void Apply(SubpacketType type, ReadOnlyMemory<byte> data, bool isHashed, bool critical, string source)
    {
        var span = data.Span;
        switch (type)
        {
            case SubpacketType.CreationTime when isHashed && span.Length == TimeLength:
                Created = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(span));
                break;
            case SubpacketType.SignatureExpirationTime when isHashed && span.Length == TimeLength:
                SignatureLifetime = BinaryPrimitives.ReadUInt32BigEndian(span);
                break;
            case SubpacketType.KeyExpirationTime when isHashed && span.Length == TimeLength:
                KeyLifetime = BinaryPrimitives.ReadUInt32BigEndian(span);
                break;
            case SubpacketType.Issuer when span.Length == KeyIdLength:
                IssuerKeyId ??= BinaryPrimitives.ReadUInt64BigEndian(span);
                break;
            case SubpacketType.IssuerFingerprint when span.Length == 1 + V4FingerprintLength && span[0] == V4FingerprintVersion:
                IssuerFingerprint ??= span[1..].ToArray();
                break;
            case SubpacketType.KeyFlags when isHashed && span.Length > 0:
                KeyFlags = span[0];
                break;
            case SubpacketType.ReasonForRevocation when isHashed && span.Length > 0:
                RevocationReason = System.Text.Encoding.UTF8.GetString(span[1..]);
                break;
            case SubpacketType.EmbeddedSignature:
                EmbeddedSignature ??= data;
                break;
            default:
                // An unknown critical subpacket makes the signature unusable (RFC 9580 5.2.3.7); so does a critical
                // notation, whose meaning Flix cannot know.
                if (isHashed && critical && (type is SubpacketType.NotationData || (int)type > (int)SubpacketType.LastKnown))
                {
                    throw new NotSupportedException($"{source}: the signature has a critical subpacket of type {(int)type}, which Flix does not understand.");
                }

                break;
        }
    }

    private static OpenPgpException Cut(string source) => new($"{source}: a signature subpacket runs past the end of its area.");
}
