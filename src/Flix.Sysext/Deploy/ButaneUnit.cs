namespace Flix.Sysext.Deploy;

/// <summary>A systemd.units entry: a unit to enable, and drop-ins to add to it.</summary>
public sealed record ButaneUnit
{
    public required string Name { get; init; }

    /// <summary>True enables the unit; null leaves it as it is.</summary>
    public bool? Enabled { get; init; }

    public IReadOnlyList<ButaneDropIn> DropIns { get; init; } = [];
}
