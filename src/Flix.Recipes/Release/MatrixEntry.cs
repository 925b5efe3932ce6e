using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>
/// One job of a release build matrix: what to bake, where its image goes (OUTPUT/RECIPE/IMAGE), the hash of its inputs
/// (a cache key that changes when the recipe, version, architecture or Flix change) and whether it is published already.
/// </summary>
public sealed record MatrixEntry
{
    [JsonPropertyName("recipe")]
    public required string Recipe { get; init; }

    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("arch")]
    public required string Arch { get; init; }

    /// <summary>The image file name, RECIPE-VERSION-ARCH.raw.</summary>
    [JsonPropertyName("image")]
    public required string Image { get; init; }

    /// <summary>SHA-256 (hex) of the recipe text, version, architecture and Flix version.</summary>
    [JsonPropertyName("inputs")]
    public required string Inputs { get; init; }

    /// <summary>The image exists in the output folder: the job has nothing to do.</summary>
    [JsonPropertyName("done")]
    public required bool Done { get; init; }
}
