namespace Flix.Fetch.OpenPgp;

/// <summary>The bounds on OpenPGP input: every length read from a file is checked against what remains of it, within these.</summary>
public static class OpenPgpLimits
{
    /// <summary>The largest key file read (armored or binary); real keys with their certifications are a few KiB.</summary>
    public const int MaxKeyFile = 1024 * 1024;

    /// <summary>The largest signature file read.</summary>
    public const int MaxSignatureFile = 64 * 1024;

    /// <summary>The most packets read from one file.</summary>
    public const int MaxPackets = 4096;

    /// <summary>The most signatures of one detached signature file that are tried.</summary>
    public const int MaxSignatures = 16;

    /// <summary>
    /// The largest RSA modulus accepted, in bits (gpg makes at most 4096 unless told otherwise): with the short
    /// exponent, it bounds the cost of each of the key file's self-signatures a hostile file could make Flix check.
    /// </summary>
    public const int MaxRsaBits = 8192;

    /// <summary>The smallest RSA modulus accepted, in bits: shorter keys are refused as too weak.</summary>
    public const int MinRsaBits = 2048;
}
