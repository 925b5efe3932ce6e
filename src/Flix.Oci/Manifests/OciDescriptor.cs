using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>A content descriptor: what a blob or manifest is, its digest and its exact size.</summary>
public sealed record OciDescriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary>The digest as written in the document; validated when the descriptor is read through <see cref="ParsedDigest"/>.</summary>
    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Platform? Platform { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("urls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>The digest, grammar-checked; throws <see cref="InvalidDataException"/> when it is malformed.</summary>
    [JsonIgnore]
    public References.Digest ParsedDigest => References.Digest.Parse(Digest);

    /// <summary>Throws <see cref="InvalidDataException"/> when the digest is malformed or the size is negative.</summary>
    public void Validate()
    {
        _ = ParsedDigest;
        if (Size < 0)
        {
            throw new InvalidDataException($"Descriptor {Digest} has a negative size {Size}.");
        }
    }
}
