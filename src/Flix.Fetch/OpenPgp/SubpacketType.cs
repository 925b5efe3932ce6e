namespace Flix.Fetch.OpenPgp;

/// <summary>The signature subpacket types Flix reads (RFC 9580 5.2.3.7 and on).</summary>
internal enum SubpacketType
{
    CreationTime = 2,
    SignatureExpirationTime = 3,
    KeyExpirationTime = 9,
    Issuer = 16,
    NotationData = 20,
    KeyFlags = 27,
    ReasonForRevocation = 29,
    EmbeddedSignature = 32,
    IssuerFingerprint = 33,

    /// <summary>The highest type of RFC 9580 and its extensions Flix knows to be harmless when marked critical and not read.</summary>
    LastKnown = 39,
}
