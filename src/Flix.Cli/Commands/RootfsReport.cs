using System.Text.Json.Serialization;
using Flix.Oci.Rootfs;

namespace Flix.Cli.Commands;

/// <summary>The --json result of <c>flix rootfs</c>.</summary>
public sealed record RootfsReport
{
    [JsonPropertyName("image")]
    public required string Image { get; init; }

    /// <summary><c>registry</c>, <c>oci</c>, <c>docker-archive</c>, <c>docker-daemon</c> or <c>dir</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    /// <summary>The manifest digest; null for a <c>dir:</c> source.</summary>
    [JsonPropertyName("digest")]
    public required string? Digest { get; init; }

    /// <summary>The platform picked; null for a <c>dir:</c> source.</summary>
    [JsonPropertyName("platform")]
    public required string? Platform { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<RootfsLayerReport> Layers { get; init; }

    /// <summary>The metadata overlay kept beside the directory by an unprivileged run; null when none was needed.</summary>
    [JsonPropertyName("overlay")]
    public string? Overlay { get; init; }

    public static RootfsReport From(RootfsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RootfsReport
        {
            Image = result.Description,
            Source = result.Source,
            Directory = result.Directory,
            Digest = result.Image?.ManifestDigest.ToString(),
            Platform = result.Image?.Platform.ToString(),
            Overlay = result.OverlayFile,
            Layers = result.Image is null ? [] : [.. result.Image.Layers.Select((layer, i) => new RootfsLayerReport
            {
                Digest = layer.Digest,
                MediaType = layer.MediaType,
                Size = layer.Size,
                Entries = result.Layers[i].Entries,
                Warnings = result.Layers[i].Warnings,
            })],
        };
    }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RootfsReport))]
internal sealed partial class RootfsReportJsonContext : JsonSerializerContext;
