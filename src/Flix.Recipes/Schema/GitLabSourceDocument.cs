using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>The tags of a GitLab project (API v4).</summary>
public sealed class GitLabSourceDocument
{
    /// <summary>The instance, <c>https://gitlab.com</c> by default.</summary>
    [YamlMember(Alias = "url")]
    public string? Url { get; set; }

    /// <summary>The numeric project id or its URL-encoded path.</summary>
    [YamlMember(Alias = "project")]
    public string? Project { get; set; }
}
