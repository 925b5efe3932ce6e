namespace Flix.Fetch.OpenPgp;

/// <summary>A signature that verified: the key that made it (and its primary key), the key id, when it was made, and its hash.</summary>
public sealed record OpenPgpVerification(string Fingerprint, string PrimaryFingerprint, string KeyId, DateTimeOffset Created, string HashAlgorithm);
