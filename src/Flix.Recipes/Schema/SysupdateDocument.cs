using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>How hosts keep the extension updated: <c>sysupdate: {minor_pinned: true, on_update: reboot}</c>.</summary>
public sealed class SysupdateDocument
{
    /// <summary>Also publish NAME-vMAJOR.MINOR.conf, which only takes patch releases (the kubernetes family).</summary>
    [YamlMember(Alias = "minor_pinned")]
    public bool? MinorPinned { get; set; }

    /// <summary><c>refresh</c> (merge the new image at once, the default) or <c>reboot</c> (touch /run/reboot-required).</summary>
    [YamlMember(Alias = "on_update")]
    public string? OnUpdate { get; set; }
}
