using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.FlixMode;

/// <summary>What <see cref="FlixBuilder"/> made: the extension's tree, ready for <see cref="SysextPacker"/>, and what went into it.</summary>
public sealed record FlixResult
{
    /// <summary>The extension: the copied paths at their targets and the sysroot.</summary>
    public required FileTree Tree { get; init; }

    /// <summary>The image's loader, or null when nothing copied needs one (static programs, data).</summary>
    public ImageLoader? Loader { get; init; }

    /// <summary>The sysroot in the extension, e.g. /usr/local/NAME.</summary>
    public required string Sysroot { get; init; }

    /// <summary>The ELF files patched to use the sysroot, by their path in the extension.</summary>
    public required IReadOnlyList<string> PatchedFiles { get; init; }

    /// <summary>ELF files copied as they are (static programs, other machines), by their path in the extension.</summary>
    public required IReadOnlyList<string> UnpatchedElfFiles { get; init; }

    /// <summary>The libraries in the sysroot: file name → where it came from in the image.</summary>
    public required IReadOnlyDictionary<string, string> Libraries { get; init; }

    /// <summary>The private gconv folder, or null when none is shipped.</summary>
    public string? GconvDirectory { get; init; }

    /// <summary>Things the user should know, as sentences.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The closure check's findings (warnings and notes; errors stop the build).</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>True when a systemd unit is shipped: the packer should set EXTENSION_RELOAD_MANAGER=1.</summary>
    public required bool HasUnits { get; init; }
}
