using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A GitHub repository's releases or tags.</summary>
public sealed class GitHubSourceDocument
{
    /// <summary>OWNER/NAME.</summary>
    [YamlMember(Alias = "repo")]
    public string? Repository { get; set; }
}
