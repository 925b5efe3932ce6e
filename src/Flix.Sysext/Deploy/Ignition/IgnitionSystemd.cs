using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>systemd: units.</summary>
public sealed record IgnitionSystemd([property: JsonPropertyName("units")] IReadOnlyList<IgnitionUnit> Units);
