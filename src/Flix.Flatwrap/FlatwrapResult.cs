using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.Flatwrap;

/// <summary>What <see cref="FlatwrapBuilder"/> made: the extension's tree, ready for <see cref="SysextPacker"/>.</summary>
public sealed record FlatwrapResult
{
    /// <summary>The extension: the rootfs copy, the helper, the wrappers, links and units.</summary>
    public required FileTree Tree { get; init; }

    public required IReadOnlyList<FlatwrapEntry> Entries { get; init; }

    /// <summary>How the private root is made.</summary>
    public required PrivateRootPlan Plan { get; init; }

    /// <summary>Things the user should know (a unit line left unwrapped, a mount point made), as sentences.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when a systemd unit is shipped: the packer should set EXTENSION_RELOAD_MANAGER=1.</summary>
    public bool HasUnits => Entries.Any(entry => entry.Kind == FlatwrapEntryKind.Unit);
}
