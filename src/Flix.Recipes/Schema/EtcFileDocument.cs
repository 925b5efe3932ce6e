using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>
/// A default configuration file for /etc: its content (shipped as /usr/share/NAME/etc/…) or a file the extension
/// already ships (<c>source</c>), copied into /etc by a tmpfiles <c>C</c> line when /etc lacks it.
/// </summary>
public sealed class EtcFileDocument
{
    [YamlMember(Alias = "path")]
    public string? Path { get; set; }

    [YamlMember(Alias = "content")]
    public string? Content { get; set; }

    [YamlMember(Alias = "source")]
    public string? Source { get; set; }
}
