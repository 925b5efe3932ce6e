using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A page, text file or bucket listing whose versions a regular expression picks out.</summary>
public sealed class UrlSourceDocument
{
    [YamlMember(Alias = "url")]
    public string? Url { get; set; }

    /// <summary>A regular expression whose first group (or group <c>version</c>) is a version.</summary>
    [YamlMember(Alias = "match")]
    public string? Match { get; set; }
}
