using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>storage.files[]: path, contents, mode (decimal in JSON).</summary>
public sealed record IgnitionFile
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("contents")]
    public required IgnitionResource Contents { get; init; }

    [JsonPropertyName("mode")]
    public required int Mode { get; init; }
}
