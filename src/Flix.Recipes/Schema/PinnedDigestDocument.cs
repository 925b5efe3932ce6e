using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A digest written into the recipe for one version and architecture.</summary>
public sealed class PinnedDigestDocument
{
    [YamlMember(Alias = "version")]
    public string? Version { get; set; }

    /// <summary>The systemd architecture; absent when the artifact is the same for every architecture.</summary>
    [YamlMember(Alias = "arch")]
    public string? Arch { get; set; }

    /// <summary>64 hex digits.</summary>
    [YamlMember(Alias = "sha256")]
    public string? Sha256 { get; set; }
}
