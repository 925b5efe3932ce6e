using System.Text.Json.Serialization;

namespace Flix.Recipes.Release;

/// <summary>A file of a release folder left out of its metadata, and why.</summary>
public sealed record ReleaseIndexSkip(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("reason")] string Reason);
