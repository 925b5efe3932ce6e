using System.Text.Json.Serialization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>One extension-release file in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectReleaseReport
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>NAME of extension-release.NAME.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>True for the file systemd-sysext reads for this image.</summary>
    [JsonPropertyName("matches")]
    public required bool Matches { get; init; }

    /// <summary>Every field in file order, values unquoted.</summary>
    [JsonPropertyName("fields")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    public static InspectReleaseReport From(ExtensionReleaseFile release, bool matches)
    {
        ArgumentNullException.ThrowIfNull(release);
        return new() { Path = release.Path, Name = release.Name, Matches = matches, Fields = release.Fields };
    }
}
