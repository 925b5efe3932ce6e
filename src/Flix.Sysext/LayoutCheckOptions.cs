namespace Flix.Sysext;

/// <summary>What <see cref="LayoutChecker"/> lets pass with a warning instead of an error.</summary>
public sealed record LayoutCheckOptions
{
    /// <summary>Top-level entries other than usr/ and opt/ only warn (they are not merged).</summary>
    public bool AllowOutside { get; init; }

    /// <summary>Shipping usr/sbin only warns.</summary>
    public bool AllowUsrSbin { get; init; }

    /// <summary>
    /// The tree is a packed image, not a folder about to be packed: its own extension-release file is expected
    /// (no <see cref="DiagnosticIds.ReplacedExtensionRelease"/>) and metadata files do not count as content.
    /// </summary>
    public bool Packed { get; init; }
}
