using System.Text.RegularExpressions;
using Flix.Recipes.Versions;

namespace Flix.Recipes.Model;

/// <summary>Where a recipe's versions come from and how they are filtered; which fields are set depends on <see cref="Kind"/>.</summary>
public sealed record VersionSourceSpec
{
    public required VersionSourceKind Kind { get; init; }

    /// <summary>OWNER/NAME (GitHub), the product (HashiCorp), the project (GitLab).</summary>
    public string? Subject { get; init; }

    /// <summary>The URL of the page, text file, bucket listing or GitLab instance.</summary>
    public string? Url { get; init; }

    /// <summary>Picks the version out of a page, a line or a key (group 1 or group "version").</summary>
    public Regex? Match { get; init; }

    /// <summary>A version must match it to be listed.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>For HashiCorp: the license class listed.</summary>
    public string? LicenseClass { get; init; }

    public IReadOnlyList<string> Fixed { get; init; } = [];

    public bool Prereleases { get; init; }

    public LatestPolicy Latest { get; init; } = LatestPolicy.Newest;

    /// <summary>How the source is shown in <c>flix recipes</c>: <c>github-releases bytecodealliance/wasmtime</c>.</summary>
    public string Describe() => Kind switch
    {
        VersionSourceKind.GitHubReleases => $"github-releases {Subject}",
        VersionSourceKind.GitHubTags => $"github-tags {Subject}",
        VersionSourceKind.GitLabTags => $"gitlab-tags {Url} {Subject}",
        VersionSourceKind.HashiCorp => $"hashicorp {Subject}",
        VersionSourceKind.HtmlIndex => $"html-index {Url}",
        VersionSourceKind.Text => $"text {Url}",
        VersionSourceKind.S3Listing => $"s3-listing {Url}",
        // A build recipe without a versions list takes the installed package's version.
        _ when Fixed.Count == 0 => "package",
        _ => $"fixed {string.Join(' ', Fixed)}",
    };
}
