using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>The uncompressed layer digests, in apply order.</summary>
public sealed record OciRootFs
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<string>? DiffIds { get; init; }
}
