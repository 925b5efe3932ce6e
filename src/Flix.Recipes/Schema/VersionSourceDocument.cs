using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>Where the versions of a recipe come from: exactly one of the kinds, plus how "latest" is chosen.</summary>
public sealed class VersionSourceDocument
{
    [YamlMember(Alias = "github_releases")]
    public GitHubSourceDocument? GitHubReleases { get; set; }

    [YamlMember(Alias = "github_tags")]
    public GitHubSourceDocument? GitHubTags { get; set; }

    [YamlMember(Alias = "gitlab_tags")]
    public GitLabSourceDocument? GitLabTags { get; set; }

    [YamlMember(Alias = "hashicorp")]
    public HashiCorpSourceDocument? HashiCorp { get; set; }

    [YamlMember(Alias = "html_index")]
    public UrlSourceDocument? HtmlIndex { get; set; }

    [YamlMember(Alias = "text")]
    public UrlSourceDocument? Text { get; set; }

    [YamlMember(Alias = "s3_listing")]
    public UrlSourceDocument? S3Listing { get; set; }

    [YamlMember(Alias = "fixed")]
    public List<string>? Fixed { get; set; }

    /// <summary>A regular expression a version must match to be listed (after extraction).</summary>
    [YamlMember(Alias = "pattern")]
    public string? Pattern { get; set; }

    /// <summary>Keep pre-releases (semver pre-release versions, GitHub releases flagged so).</summary>
    [YamlMember(Alias = "prereleases")]
    public bool? Prereleases { get; set; }

    /// <summary><c>newest</c> (default) or <c>per-minor N</c>: the newest patch of each of the N newest minors.</summary>
    [YamlMember(Alias = "latest")]
    public string? Latest { get; set; }
}
