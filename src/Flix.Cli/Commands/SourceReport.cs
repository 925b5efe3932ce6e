using System.Text.Json.Serialization;
using Flix.Pipeline;

namespace Flix.Cli.Commands;

/// <summary>The image an extension was made from, in the JSON of the commands that take one (as "source").</summary>
public sealed record SourceReport
{
    /// <summary>The image as named: a reference, oci:…, docker-archive:…, docker-daemon:…, or dir:PATH.</summary>
    [JsonPropertyName("image")]
    public required string Image { get; init; }

    /// <summary><c>registry</c>, <c>oci</c>, <c>docker-archive</c>, <c>docker-daemon</c> or <c>dir</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The manifest digest; null for a <c>dir:</c> source.</summary>
    [JsonPropertyName("digest")]
    public required string? Digest { get; init; }

    /// <summary>The platform picked; null for a <c>dir:</c> source.</summary>
    [JsonPropertyName("platform")]
    public required string? Platform { get; init; }

    public static SourceReport From(ExtensionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SourceReport { Image = source.Description, Kind = source.Kind, Digest = source.Digest, Platform = source.Platform };
    }
}
