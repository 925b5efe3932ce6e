using System.Text.Json.Serialization;
using Flix.Sysext.Units;

namespace Flix.Cli.Commands;

/// <summary>A unit file an image ships, in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectUnitReport
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>True when something in the image makes it start (a drop-in or a link on another unit).</summary>
    [JsonPropertyName("enabled")]
    public required bool Enabled { get; init; }

    [JsonPropertyName("enabledBy")]
    public required IReadOnlyList<InspectEnablementReport> EnabledBy { get; init; }

    /// <summary>The targets of its [Install] section, which only systemctl enable acts on.</summary>
    [JsonPropertyName("installTargets")]
    public required IReadOnlyList<string> InstallTargets { get; init; }

    public static InspectUnitReport From(ShippedUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return new()
        {
            Name = unit.Name,
            Path = unit.Path,
            Enabled = unit.EnabledBy.Count > 0,
            EnabledBy = [.. unit.EnabledBy.Select(InspectEnablementReport.From)],
            InstallTargets = unit.InstallTargets,
        };
    }
}
