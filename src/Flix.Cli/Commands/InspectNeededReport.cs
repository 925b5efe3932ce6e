using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

/// <summary>One DT_NEEDED of an ELF file, in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectNeededReport
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The file in the image the loader would use, or null when the image does not hold it.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>musl's loader answers it itself.</summary>
    [JsonPropertyName("providedByLoader")]
    public bool ProvidedByLoader { get; init; }
}
