using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A file the recipe writes into the extension (under /usr or /opt).</summary>
public sealed class ShippedFileDocument
{
    [YamlMember(Alias = "path")]
    public string? Path { get; set; }

    [YamlMember(Alias = "content")]
    public string? Content { get; set; }

    [YamlMember(Alias = "mode")]
    public string? Mode { get; set; }
}
