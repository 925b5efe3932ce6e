using System.Text.Json.Serialization;
using Flix.Testing;
using Flix.Testing.Merge;

namespace Flix.Cli.Commands;

/// <summary>One extension in the JSON of <c>flix test --json</c>: merged, or refused with systemd's reasons.</summary>
public sealed record TestImageReport
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>The name it was merged under.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("merged")]
    public required bool Merged { get; init; }

    /// <summary>systemd-sysext's reasons when it was not merged.</summary>
    [JsonPropertyName("reasons")]
    public required IReadOnlyList<string> Reasons { get; init; }

    public static IReadOnlyList<TestImageReport> From(
        IReadOnlyList<TestImage> images, IReadOnlyDictionary<string, IReadOnlyList<string>> hierarchies, IReadOnlyList<RefusedImage> refused)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(hierarchies);
        ArgumentNullException.ThrowIfNull(refused);
        return [.. images.Select(image => new TestImageReport
        {
            Path = image.Path,
            Name = image.Name,
            Merged = hierarchies.Values.Any(names => names.Contains(image.Name, StringComparer.Ordinal)),
            Reasons = refused.FirstOrDefault(r => r.Name == image.Name)?.Reasons ?? [],
        })];
    }
}
