namespace Flix.Recipes.Model;

/// <summary>How an artifact is verified: the kind, and its template, repository or pinned digests.</summary>
public sealed record ChecksumSpec
{
    public static ChecksumSpec None { get; } = new() { Kind = ChecksumKind.None };

    public required ChecksumKind Kind { get; init; }

    /// <summary>For <see cref="ChecksumKind.File"/> and <see cref="ChecksumKind.List"/>; for <see cref="ChecksumKind.Signature"/>, the signature's URL.</summary>
    public UrlTemplate? Template { get; init; }

    /// <summary>For <see cref="ChecksumKind.GitHub"/>: OWNER/NAME.</summary>
    public string? Repository { get; init; }

    /// <summary>For <see cref="ChecksumKind.GitHub"/>: the release's tag, when it is not the version baked (another project's release).</summary>
    public UrlTemplate? Tag { get; init; }

    /// <summary>For <see cref="ChecksumKind.Pinned"/>: (version, systemd arch or null) → 64 hex digits.</summary>
    public IReadOnlyList<(string Version, string? Arch, string Sha256)> Pinned { get; init; } = [];

    /// <summary>For <see cref="ChecksumKind.Signature"/>: the URL of the signer's public key file.</summary>
    public UrlTemplate? Key { get; init; }

    /// <summary>For <see cref="ChecksumKind.Signature"/>: the accepted key fingerprints (40 upper-case hex digits); empty: any key of the file.</summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];
}
