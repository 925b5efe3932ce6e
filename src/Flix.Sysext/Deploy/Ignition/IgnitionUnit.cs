using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>systemd.units[].</summary>
public sealed record IgnitionUnit
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("enabled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Enabled { get; init; }

    [JsonPropertyName("dropins")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IgnitionDropIn>? DropIns { get; init; }
}
