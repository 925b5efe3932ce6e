using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A symbolic link the extension ships.</summary>
public sealed class LinkDocument
{
    [YamlMember(Alias = "path")]
    public string? Path { get; set; }

    [YamlMember(Alias = "target")]
    public string? Target { get; set; }
}
