using System.Text.Json.Serialization;
using Flix.Pipeline;

namespace Flix.Cli.Commands;

/// <summary>The extension made, in the JSON of the commands that take an image (as "extension").</summary>
public sealed record ExtensionReport
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>VERSION_ID; null when none was given.</summary>
    [JsonPropertyName("version")]
    public required string? Version { get; init; }

    /// <summary>The systemd architecture: given with --arch, else the image's, else the programs'.</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>Whether EXTENSION_RELOAD_MANAGER=1 was set (asked for, or implied by shipped units).</summary>
    [JsonPropertyName("reload")]
    public required bool Reload { get; init; }

    public static ExtensionReport From(ExtensionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ExtensionReport { Name = result.Name, Version = result.Version, Architecture = result.Architecture, Reload = result.Options.ReloadManager };
    }
}
