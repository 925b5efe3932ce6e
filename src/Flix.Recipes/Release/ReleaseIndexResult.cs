using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>What <see cref="ReleaseIndex"/> regenerated, and what it left out.</summary>
public sealed record ReleaseIndexResult
{
    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    [JsonPropertyName("extensions")]
    public required IReadOnlyList<ReleaseIndexExtension> Extensions { get; init; }

    [JsonPropertyName("skipped")]
    public required IReadOnlyList<ReleaseIndexSkip> Skipped { get; init; }
}
