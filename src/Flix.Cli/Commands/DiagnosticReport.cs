using System.Text.Json.Serialization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>One diagnostic in the JSON of <c>flix pack --json</c> and <c>flix inspect --json</c>.</summary>
public sealed record DiagnosticReport
{
    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    public static DiagnosticReport From(Diagnostic diagnostic) => new()
    {
        Severity = diagnostic.SeverityName,
        Id = diagnostic.Id,
        Path = diagnostic.Path,
        Message = diagnostic.Message,
    };
}
