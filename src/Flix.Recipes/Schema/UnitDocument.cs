using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A systemd unit the extension ships in usr/lib/systemd/system, with drop-ins, optionally started on merge.</summary>
public sealed class UnitDocument
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>The unit file; absent for a drop-in-only entry (a unit of the host or of an artifact).</summary>
    [YamlMember(Alias = "content")]
    public string? Content { get; set; }

    /// <summary>Drop-ins by file name (each ends in .conf).</summary>
    [YamlMember(Alias = "dropins")]
    public Dictionary<string, string>? Dropins { get; set; }

    /// <summary>Start it on merge, the bakery's way: an Upholds= drop-in on multi-user.target (sockets.target, timers.target).</summary>
    [YamlMember(Alias = "enable")]
    public bool? Enable { get; set; }
}
