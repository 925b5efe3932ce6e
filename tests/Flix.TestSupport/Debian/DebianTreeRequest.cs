namespace Flix.TestSupport.Debian;

/// <summary>
/// What mmdebstrap installs: <paramref name="Suite"/> for <paramref name="Architecture"/> (a Debian name: amd64,
/// arm64, s390x …), the variant (essential, extract, minbase …) and extra packages, from the main component of the
/// suite only (no -updates or -security: their indexes for other architectures are not always in sync).
/// </summary>
public sealed record DebianTreeRequest(string Suite, string Architecture, string Variant, IReadOnlyList<string> Includes)
{
    /// <summary>The mirror; null takes the machine's own (<see cref="MachineMirror"/>).</summary>
    public string? MirrorUri { get; init; }

    /// <summary>The sources line mmdebstrap gets, or null when neither the request nor the machine names a mirror (mmdebstrap's default).</summary>
    public string? SourcesLine => (MirrorUri ?? MachineMirror.ArchiveUri) is { } uri ? $"deb {uri} {Suite} main" : null;

    /// <summary>Everything that decides the tree, for the cache key.</summary>
    public string Describe() =>
        $"mmdebstrap --arch={Architecture} --variant={Variant} --include={string.Join(',', Includes)} {Suite} [{SourcesLine ?? "mmdebstrap's default mirror"}]";
}
