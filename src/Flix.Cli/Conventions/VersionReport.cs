using System.Text.Json.Serialization;

namespace Flix.Cli.Conventions;

/// <summary><c>flix version --json</c>.</summary>
public sealed record VersionReport
{
    [JsonPropertyName("success")]
    public bool Success { get; init; } = true;

    [JsonPropertyName("version")]
    public required string Version { get; init; }
}
