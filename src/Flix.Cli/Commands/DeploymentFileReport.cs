using System.Text.Json.Serialization;
using Flix.Sysext.Deploy;

namespace Flix.Cli.Commands;

/// <summary>A deployment file in a --json report: its kind (sysupdate, sysupdate-minor, noop, butane, ignition) and path.</summary>
public sealed record DeploymentFileReport(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string Path)
{
    public static IReadOnlyList<DeploymentFileReport> From(IEnumerable<DeploymentFile> files) =>
        [.. files.Select(f => new DeploymentFileReport(f.Kind, f.Path))];
}
