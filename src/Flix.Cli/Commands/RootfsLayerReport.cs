using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

/// <summary>One layer in the --json result of <c>flix rootfs</c>.</summary>
public sealed record RootfsLayerReport
{
    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("entries")]
    public required int Entries { get; init; }

    [JsonPropertyName("warnings")]
    public required IReadOnlyList<string> Warnings { get; init; }
}
