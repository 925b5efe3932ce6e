using System.Text.Json.Serialization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>The JSON printed by <c>flix pack --json</c>.</summary>
public sealed record PackReport
{
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("format")]
    public string? Format { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("sha256sums")]
    public string? Sha256Sums { get; init; }

    [JsonPropertyName("sysupdate")]
    public string? Sysupdate { get; init; }

    /// <summary>Every deployment file written: transfers, noop.conf, Butane, Ignition.</summary>
    [JsonPropertyName("deployment")]
    public IReadOnlyList<DeploymentFileReport> Deployment { get; init; } = [];

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<DiagnosticReport> Diagnostics { get; init; }

    /// <summary>The image the extension was made from; only in the reports of the commands that take an image.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SourceReport? Source { get; init; }

    /// <summary>The extension's name, version and architecture; only in the reports of the commands that take an image.</summary>
    [JsonPropertyName("extension")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtensionReport? Extension { get; init; }

    /// <summary>What Flix mode copied and patched; only in the report of <c>flix IMAGE NAME --json</c>.</summary>
    [JsonPropertyName("flix")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FlixModeReport? Flix { get; init; }

    /// <summary>What the image's package database gave, when no PATH was named.</summary>
    [JsonPropertyName("package")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PackageReport? Package { get; init; }

    public static PackReport Succeeded(SysextPackResult result) => new()
    {
        Success = true,
        Path = result.Path,
        Format = ImageFormatNames.NameOf(result.Format),
        Size = result.Size,
        Sha256 = result.Sha256,
        Sha256Sums = result.Sha256SumsPath,
        Sysupdate = result.SysupdatePath,
        Deployment = DeploymentFileReport.From(result.DeploymentFiles),
        Diagnostics = [.. result.Diagnostics.Select(DiagnosticReport.From)],
    };

    public static PackReport Failed(string error, IEnumerable<Diagnostic> diagnostics) => new()
    {
        Success = false,
        Error = error,
        Diagnostics = [.. diagnostics.Select(DiagnosticReport.From)],
    };
}
