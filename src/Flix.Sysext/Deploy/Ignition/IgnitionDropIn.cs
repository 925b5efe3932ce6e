using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>systemd.units[].dropins[].</summary>
public sealed record IgnitionDropIn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("contents")] string Contents);
