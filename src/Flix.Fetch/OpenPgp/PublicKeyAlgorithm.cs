namespace Flix.Fetch.OpenPgp;

/// <summary>Public-key algorithm ids (RFC 9580 9.1); Flix verifies RSA only.</summary>
internal enum PublicKeyAlgorithm
{
    Rsa = 1,
    RsaEncryptOnly = 2,
    RsaSignOnly = 3,
    Elgamal = 16,
    Dsa = 17,
    Ecdh = 18,
    Ecdsa = 19,
    EdDsaLegacy = 22,
    X25519 = 25,
    X448 = 26,
    Ed25519 = 27,
    Ed448 = 28,
}
