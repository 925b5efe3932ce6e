namespace Flix.Fetch.OpenPgp;

/// <summary>The packet types (RFC 9580 5) found in key and signature files.</summary>
internal enum PacketTag
{
    Reserved = 0,
    Signature = 2,
    SecretKey = 5,
    SecretSubkey = 7,
    CompressedData = 8,
    LiteralData = 11,
    Marker = 10,
    Trust = 12,
    UserId = 13,
    PublicKey = 6,
    PublicSubkey = 14,
    UserAttribute = 17,
    Padding = 21,
}
