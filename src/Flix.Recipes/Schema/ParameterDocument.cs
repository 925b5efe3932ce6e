using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A template value besides the version (a companion's version, a flavour): a default, or the latest of a source.</summary>
public sealed class ParameterDocument
{
    [YamlMember(Alias = "description")]
    public string? Description { get; set; }

    [YamlMember(Alias = "default")]
    public string? Default { get; set; }

    [YamlMember(Alias = "versions")]
    public VersionSourceDocument? Versions { get; set; }
}
