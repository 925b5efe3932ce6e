namespace Flix.Fetch.OpenPgp;

/// <summary>Signature types (RFC 9580 5.2.1) that key and detached signature files hold.</summary>
internal enum SignatureType
{
    BinaryDocument = 0x00,
    TextDocument = 0x01,
    GenericCertification = 0x10,
    PersonaCertification = 0x11,
    CasualCertification = 0x12,
    PositiveCertification = 0x13,
    SubkeyBinding = 0x18,
    PrimaryKeyBinding = 0x19,
    DirectKey = 0x1F,
    KeyRevocation = 0x20,
    SubkeyRevocation = 0x28,
    CertificationRevocation = 0x30,
}
