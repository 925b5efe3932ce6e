namespace Flix.Fetch.OpenPgp;

/// <summary>
/// A primary key or subkey of a key file, with what its self-signatures establish: when it expires, whether it is
/// revoked, whether it may sign, and why it cannot be used when it cannot.
/// </summary>
internal sealed class KeyEntry(OpenPgpPublicKey key, OpenPgpPublicKey primary)
{
    private const byte SignFlag = 0x02;

    public OpenPgpPublicKey Key { get; } = key;

    public OpenPgpPublicKey Primary { get; } = primary;

    public bool IsSubkey => !ReferenceEquals(Key, Primary);

    /// <summary>When the key expires; null: never.</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>The reason given by a valid revocation signature ("" when none is given); null when not revoked.</summary>
    public string? Revoked { get; set; }

    /// <summary>The key flags of its newest valid self-signature or binding; null when none were given.</summary>
    public byte? Flags { get; set; }

    /// <summary>Why the key cannot be used at all (no valid self-signature, no valid binding), or null.</summary>
    public string? Problem { get; set; }

    public bool MaySign => Flags is null ? !IsSubkey : (Flags.Value & SignFlag) != 0;

    /// <summary>How messages name the key: its fingerprint, and its primary's for a subkey.</summary>
    public string Describe() =>
        IsSubkey ? $"subkey {Key.FingerprintHex} of key {Primary.FingerprintHex}" : $"key {Key.FingerprintHex}";
}
