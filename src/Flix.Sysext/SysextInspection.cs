using Flix.Sysext.Inspect;
using Flix.Sysext.Units;

namespace Flix.Sysext;

/// <summary>What <see cref="SysextInspector"/> found in an image.</summary>
public sealed record SysextInspection
{
    /// <summary>The image file or directory, as given.</summary>
    public required string Path { get; init; }

    public required ImageFormat Format { get; init; }

    /// <summary>The file size in bytes; for a directory, the bytes of its regular files (each hard-linked file once).</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 of the image file in lower-case hex; null for a directory.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The superblock facts of a SquashFS image; null for other formats.</summary>
    public SquashFsFacts? SquashFs { get; init; }

    /// <summary>The superblock facts of an EROFS image; null for other formats.</summary>
    public ErofsFacts? Erofs { get; init; }

    /// <summary>The compression as the format names it (gzip, zstd, xz, lz4, or none); null for a directory.</summary>
    public string? Compression => SquashFs?.CompressionName ?? Erofs?.Compression;

    /// <summary>
    /// The image's name read from its file name, resolved against the metadata files it holds: when one is for
    /// NAME and the file is NAME-VERSION-ARCH.raw, <see cref="ExtensionImageName.Name"/> is NAME.
    /// </summary>
    public required ExtensionImageName ImageName { get; init; }

    /// <summary>The extension-release file systemd-sysext reads for <see cref="ImageName"/>, or null when none matches.</summary>
    public ExtensionReleaseFile? MatchingRelease { get; init; }

    /// <summary>Every extension-release file of the image, by file name.</summary>
    public required IReadOnlyList<ExtensionReleaseFile> Releases { get; init; }

    /// <summary>Layout findings and the checks of the name and the metadata, in a stable order.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Every entry in stored order when <see cref="SysextInspectOptions.ListEntries"/> was set, else null.</summary>
    public IReadOnlyList<InspectedEntry>? Entries { get; init; }

    /// <summary>The root directory's own entry (path empty) when <see cref="SysextInspectOptions.ListEntries"/> was set, else null.</summary>
    public InspectedEntry? Root { get; init; }

    /// <summary>The systemd units the image ships and what it enables.</summary>
    public required ExtensionUnits Units { get; init; }

    /// <summary>Every ELF program and library, with its interpreter and dependencies resolved inside the image.</summary>
    public required IReadOnlyList<ElfObjectReport> ElfObjects { get; init; }

    /// <summary>The version: from a versioned file name, else VERSION_ID of the matching metadata.</summary>
    public string? Version => ImageName.Version ?? MatchingRelease?.VersionId;

    /// <summary>The architecture: from a versioned file name, else ARCHITECTURE of the matching metadata.</summary>
    public string? Architecture => ImageName.Architecture ?? MatchingRelease?.Architecture;

    public int ErrorCount => Diagnostics.Count(d => d.IsError);
}
