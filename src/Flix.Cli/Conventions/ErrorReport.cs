using System.Text.Json.Serialization;

namespace Flix.Cli.Conventions;

/// <summary>
/// What <c>--json</c> prints on standard output when a command fails before it could print its own report (a usage
/// error, an error escaping the command): the shape every report shares, documented in docs/json.md.
/// </summary>
public sealed record ErrorReport
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    /// <summary>What is wrong and what to do, as the error lines on standard error say it.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    [JsonPropertyName("exitCode")]
    public required int ExitCode { get; init; }
}
