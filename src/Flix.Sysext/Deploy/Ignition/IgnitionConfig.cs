using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>The root of an Ignition config.</summary>
public sealed record IgnitionConfig
{
    [JsonPropertyName("ignition")]
    public required IgnitionHeader Ignition { get; init; }

    [JsonPropertyName("storage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IgnitionStorage? Storage { get; init; }

    [JsonPropertyName("systemd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IgnitionSystemd? Systemd { get; init; }
}
