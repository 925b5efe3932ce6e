namespace Flix.Fetch.OpenPgp;

/// <summary>What a detached signature is checked against besides the key file: the names used in messages, pinned fingerprints, the time.</summary>
public sealed record OpenPgpVerifyOptions
{
    /// <summary>Names the signed data in messages (the artifact's URL).</summary>
    public required string DataLabel { get; init; }

    /// <summary>Names the signature file in messages (its URL).</summary>
    public required string SignatureLabel { get; init; }

    /// <summary>
    /// When not empty, the only keys accepted: a signature by a key (or a subkey of a key) whose fingerprint is not
    /// listed is refused. 40 hex digits each, spaces and case ignored.
    /// </summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];

    /// <summary>The time a signature's own expiration is compared with; default the clock.</summary>
    public DateTimeOffset? Now { get; init; }
}
