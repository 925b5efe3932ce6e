using System.Text.Json.Serialization;

namespace Flix.Oci.Sources;

/// <summary>One image in the <c>manifest.json</c> of a <c>docker save</c> archive.</summary>
public sealed record DockerArchiveEntry
{
    [JsonPropertyName("Config")]
    public required string Config { get; init; }

    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public required IReadOnlyList<string> Layers { get; init; }
}
