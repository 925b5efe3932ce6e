using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>ignition: the spec version.</summary>
public sealed record IgnitionHeader([property: JsonPropertyName("version")] string Version);
