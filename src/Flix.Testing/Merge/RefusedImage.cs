namespace Flix.Testing.Merge;

/// <summary>An extension systemd-sysext did not merge, with its reasons from systemd's log.</summary>
public sealed record RefusedImage
{
    public required string Path { get; init; }

    public required string Name { get; init; }

    /// <summary>systemd's own words; empty when its log named no reason.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}
