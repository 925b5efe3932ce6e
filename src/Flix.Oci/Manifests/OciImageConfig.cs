using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>The parts of an image configuration Flix uses.</summary>
public sealed record OciImageConfig
{
    [JsonPropertyName("os")]
    public string? Os { get; init; }

    [JsonPropertyName("architecture")]
    public string? Architecture { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Created { get; init; }

    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public OciRootFs? RootFs { get; init; }
}
