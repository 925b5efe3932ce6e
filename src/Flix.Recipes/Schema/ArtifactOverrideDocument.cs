using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>What changes in an artifact for a version range (an upstream that moved from xz to zstd, renamed a file).</summary>
public sealed class ArtifactOverrideDocument
{
    [YamlMember(Alias = "versions")]
    public string? Versions { get; set; }

    [YamlMember(Alias = "url")]
    public string? Url { get; set; }

    [YamlMember(Alias = "format")]
    public string? Format { get; set; }

    [YamlMember(Alias = "checksum")]
    public ChecksumDocument? Checksum { get; set; }

    [YamlMember(Alias = "install")]
    public List<InstallRuleDocument>? Install { get; set; }
}
