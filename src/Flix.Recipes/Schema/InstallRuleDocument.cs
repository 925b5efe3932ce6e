using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>
/// Where entries of an unpacked artifact go: <c>from</c> is a glob over the archive's paths (<c>*</c> within a
/// name, <c>**</c> across folders); <c>to</c> is the path in the extension (a folder when it ends in '/').
/// </summary>
public sealed class InstallRuleDocument
{
    [YamlMember(Alias = "from")]
    public string? From { get; set; }

    [YamlMember(Alias = "to")]
    public string? To { get; set; }

    /// <summary>Octal permission bits for regular files placed by the rule ("0755").</summary>
    [YamlMember(Alias = "mode")]
    public string? Mode { get; set; }

    /// <summary>No match is not an error.</summary>
    [YamlMember(Alias = "optional")]
    public bool? Optional { get; set; }
}
