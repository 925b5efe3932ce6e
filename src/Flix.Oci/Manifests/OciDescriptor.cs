using System.Text.Json.Serialization;
using Flix.Fetch;

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
    public Fetch.Digest ParsedDigest => Fetch.Digest.Parse(Digest);

    /// <summary>What the blob must be, for a verified copy: this digest and size, named as a blob of <paramref name="source"/>.</summary>
    public ExpectedContent Expected(string source) => new($"Blob {Digest} from {source}", ParsedDigest, Size);

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
