using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>storage.links[].</summary>
public sealed record IgnitionLink(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("hard")] bool Hard);
