using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>The metadata regenerated for one extension folder: the images listed and the transfer files written.</summary>
public sealed record ReleaseIndexExtension
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Image file names listed in NAME/SHA256SUMS, sorted.</summary>
    [JsonPropertyName("images")]
    public required IReadOnlyList<string> Images { get; init; }

    /// <summary>Transfer file names written into NAME/, sorted.</summary>
    [JsonPropertyName("transfers")]
    public required IReadOnlyList<string> Transfers { get; init; }

    /// <summary>Metadata files removed because no image needs them any more.</summary>
    [JsonPropertyName("removed")]
    public required IReadOnlyList<string> Removed { get; init; }
}
