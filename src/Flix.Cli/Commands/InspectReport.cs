using System.Text.Json.Serialization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>The JSON printed by <c>flix inspect --json</c>.</summary>
public sealed record InspectReport
{
    /// <summary>True when the image was read and has no layout error (exit code 0).</summary>
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>squashfs, erofs or dir.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>The compressor (gzip, zstd, xz, lz4) or none; null for a directory.</summary>
    [JsonPropertyName("compression")]
    public string? Compression { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("squashfs")]
    public InspectSquashFsReport? SquashFs { get; init; }

    [JsonPropertyName("erofs")]
    public InspectErofsReport? Erofs { get; init; }

    /// <summary>The extension name: the image name, or NAME of a versioned NAME-VERSION-ARCH image.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The file or directory name without .raw, which systemd-sysext takes as the name.</summary>
    [JsonPropertyName("imageName")]
    public string? ImageName { get; init; }

    /// <summary>From a versioned file name, else VERSION_ID of the matching metadata.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>From a versioned file name, else ARCHITECTURE of the matching metadata.</summary>
    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    /// <summary>The name the image must have on the host (NAME.raw), or null when no metadata matches it.</summary>
    [JsonPropertyName("installAs")]
    public string? InstallAs { get; init; }

    [JsonPropertyName("extensionReleases")]
    public required IReadOnlyList<InspectReleaseReport> ExtensionReleases { get; init; }

    [JsonPropertyName("units")]
    public required IReadOnlyList<InspectUnitReport> Units { get; init; }

    /// <summary>Every unit the image enables, shipped or the host's.</summary>
    [JsonPropertyName("enablements")]
    public required IReadOnlyList<InspectEnablementReport> Enablements { get; init; }

    [JsonPropertyName("elf")]
    public required IReadOnlyList<InspectElfReport> Elf { get; init; }

    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<DiagnosticReport> Diagnostics { get; init; }

    /// <summary>The root directory's entry with --tree, else null.</summary>
    [JsonPropertyName("root")]
    public InspectEntryReport? Root { get; init; }

    /// <summary>Every entry in stored order with --tree, else null.</summary>
    [JsonPropertyName("entries")]
    public IReadOnlyList<InspectEntryReport>? Entries { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    public static InspectReport From(SysextInspection inspection, string? error)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var name = inspection.ImageName;
        return new()
        {
            Success = error is null,
            Path = inspection.Path,
            Format = ImageFormatNames.NameOf(inspection.Format),
            Compression = inspection.Compression,
            Size = inspection.Size,
            Sha256 = inspection.Sha256,
            SquashFs = inspection.SquashFs is { } facts ? InspectSquashFsReport.From(facts) : null,
            Erofs = inspection.Erofs is { } erofs ? InspectErofsReport.From(erofs) : null,
            Name = name.Name,
            ImageName = name.ImageName,
            Version = inspection.Version,
            Architecture = inspection.Architecture,
            InstallAs = InstallName(inspection),
            ExtensionReleases = [.. inspection.Releases.Select(r => InspectReleaseReport.From(r, ReferenceEquals(r, inspection.MatchingRelease)))],
            Units = [.. inspection.Units.Units.Select(InspectUnitReport.From)],
            Enablements = [.. inspection.Units.Enablements.Select(InspectEnablementReport.From)],
            Elf = [.. inspection.ElfObjects.Select(InspectElfReport.From)],
            Diagnostics = [.. inspection.Diagnostics.Select(DiagnosticReport.From)],
            Root = inspection.Root is { } root ? InspectEntryReport.From(root) : null,
            Entries = inspection.Entries?.Select(InspectEntryReport.From).ToList(),
            Error = error,
        };
    }

    public static InspectReport Failed(string path, string error) => new()
    {
        Success = false,
        Path = path,
        ExtensionReleases = [],
        Units = [],
        Enablements = [],
        Elf = [],
        Diagnostics = [],
        Error = error,
    };

    /// <summary>NAME.raw (NAME for a directory) when metadata matches the image, else null.</summary>
    public static string? InstallName(SysextInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.MatchingRelease is null)
        {
            return null;
        }

        return inspection.Format == ImageFormat.Directory
            ? inspection.ImageName.Name
            : inspection.ImageName.Name + ExtensionImageName.RawSuffix;
    }
}
