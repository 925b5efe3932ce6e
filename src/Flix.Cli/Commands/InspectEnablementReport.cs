using System.Text.Json.Serialization;
using Flix.Sysext.Units;

namespace Flix.Cli.Commands;

/// <summary>A unit an image makes start with another one, in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectEnablementReport
{
    [JsonPropertyName("unit")]
    public required string Unit { get; init; }

    /// <summary>The unit that pulls it in, e.g. multi-user.target.</summary>
    [JsonPropertyName("by")]
    public required string By { get; init; }

    /// <summary>Upholds, Wants, Requires or BindsTo.</summary>
    [JsonPropertyName("dependency")]
    public required string Dependency { get; init; }

    /// <summary>The drop-in or link in the image.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    public static InspectEnablementReport From(UnitEnablement enablement)
    {
        ArgumentNullException.ThrowIfNull(enablement);
        return new() { Unit = enablement.Unit, By = enablement.By, Dependency = enablement.Dependency, Source = enablement.Source };
    }
}
