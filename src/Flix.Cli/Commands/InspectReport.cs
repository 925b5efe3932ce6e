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

    /// <summary>squashfs or dir.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("squashfs")]
    public InspectSquashFsReport? SquashFs { get; init; }

    /// <summary>The extension name: the image name, or NAME of a versioned NAME-VERSION-ARCH image.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The file or directory name without .raw, which systemd-sysext takes as the name.</summary>
    [JsonPropertyName("imageName")]
    public string? ImageName { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    /// <summary>The name the image must have on the host (NAME.raw), or null when no metadata matches it.</summary>
    [JsonPropertyName("installAs")]
    public string? InstallAs { get; init; }

    [JsonPropertyName("extensionReleases")]
    public required IReadOnlyList<InspectReleaseReport> ExtensionReleases { get; init; }

    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<DiagnosticReport> Diagnostics { get; init; }

    /// <summary>Every entry in stored order with --list, else null.</summary>
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
            Size = inspection.Size,
            Sha256 = inspection.Sha256,
            SquashFs = inspection.SquashFs is { } facts ? InspectSquashFsReport.From(facts) : null,
            Name = name.Name,
            ImageName = name.ImageName,
            Version = name.Version,
            Architecture = name.Architecture,
            InstallAs = InstallName(inspection),
            ExtensionReleases = [.. inspection.Releases.Select(r => InspectReleaseReport.From(r, ReferenceEquals(r, inspection.MatchingRelease)))],
            Diagnostics = [.. inspection.Diagnostics.Select(DiagnosticReport.From)],
            Entries = inspection.Entries?.Select(InspectEntryReport.From).ToList(),
            Error = error,
        };
    }

    public static InspectReport Failed(string path, string error) => new()
    {
        Success = false,
        Path = path,
        ExtensionReleases = [],
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
