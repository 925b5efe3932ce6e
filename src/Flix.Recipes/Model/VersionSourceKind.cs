namespace Flix.Recipes.Model;

/// <summary>The kinds of version source a recipe can name.</summary>
public enum VersionSourceKind
{
    GitHubReleases,
    GitHubTags,
    GitLabTags,
    HashiCorp,
    HtmlIndex,
    Text,
    S3Listing,
    Fixed,
}
