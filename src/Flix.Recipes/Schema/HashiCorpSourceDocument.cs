using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A product of the HashiCorp releases API.</summary>
public sealed class HashiCorpSourceDocument
{
    [YamlMember(Alias = "product")]
    public string? Product { get; set; }

    /// <summary>The license class to list, <c>oss</c> by default (<c>enterprise</c>, <c>hcp</c>).</summary>
    [YamlMember(Alias = "license_class")]
    public string? LicenseClass { get; set; }
}
