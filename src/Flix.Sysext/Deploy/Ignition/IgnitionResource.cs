using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>A resource: a source URL (data: for inline contents) and its verification.</summary>
public sealed record IgnitionResource
{
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("verification")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IgnitionVerification? Verification { get; init; }
}
