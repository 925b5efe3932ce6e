using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>Every field a manifest or an index may carry, to tell them apart before choosing the record.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("config")]
    public OciDescriptor? Config { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<OciDescriptor>? Layers { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<OciDescriptor>? Manifests { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
