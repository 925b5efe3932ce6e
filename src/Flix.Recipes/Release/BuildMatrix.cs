using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>The JSON a GitHub Actions <c>strategy.matrix</c> takes: <c>{"include": [...]}</c>, sorted, one entry per build.</summary>
public sealed record BuildMatrix
{
    [JsonPropertyName("include")]
    public required IReadOnlyList<MatrixEntry> Include { get; init; }
}
