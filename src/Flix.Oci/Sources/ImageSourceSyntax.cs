namespace Flix.Oci.Sources;

/// <summary>How one kind of image source is written: a row of <see cref="ImageSourceSpec.Syntaxes"/>.</summary>
public sealed record ImageSourceSyntax
{
    public required ImageSourceKind Kind { get; init; }

    /// <summary>The prefix that selects it (<c>oci:</c>); null for a registry reference, which has none.</summary>
    public required string? Prefix { get; init; }

    /// <summary>Its name in reports: <c>registry</c>, <c>oci</c>, <c>docker-archive</c>, <c>docker-daemon</c> or <c>dir</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The full form for help texts, e.g. <c>oci:LAYOUT[:TAG]</c>.</summary>
    public required string Usage { get; init; }

    /// <summary>The short form for one-line descriptions, e.g. <c>oci:LAYOUT</c>.</summary>
    public required string ShortUsage { get; init; }

    /// <summary>The error when the prefix is given with nothing after it.</summary>
    public required string MissingLocation { get; init; }
}
