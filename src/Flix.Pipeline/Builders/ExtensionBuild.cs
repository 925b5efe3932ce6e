using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.Pipeline.Builders;

/// <summary>What an <see cref="IExtensionBuilder"/> made; builders add what is their own (see <see cref="FlixModeBuild"/>).</summary>
public record ExtensionBuild
{
    /// <summary>The extension's tree, ready to pack.</summary>
    public required FileTree Tree { get; init; }

    /// <summary>True when a systemd unit is shipped: the extension is packed with EXTENSION_RELOAD_MANAGER=1.</summary>
    public bool HasUnits { get; init; }

    /// <summary>Things the user should know, as sentences.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The builder's own checks (warnings and notes; errors stop the build).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The architecture the built files say the extension is for (the machine of its programs), or null.</summary>
    public string? Architecture { get; init; }

    /// <summary>What the package database gave and what was added for the host, when a <see cref="PackageExtensionBuilder"/> built it.</summary>
    public PackageBuild? Package { get; init; }

    /// <summary>The extension's version the build found (an installed package's), packed when the request gives none.</summary>
    public string? Version { get; init; }
}
