namespace Flix.Testing.Boot;

/// <summary>A unit in the failed state after the boot, with its journal lines.</summary>
public sealed record FailedUnit
{
    public required string Unit { get; init; }

    /// <summary>The unit file is in one of the extensions.</summary>
    public required bool Shipped { get; init; }

    public required IReadOnlyList<string> Journal { get; init; }

    /// <summary>The journal line that says why it failed, or null.</summary>
    public string? Reason => JournalReason.Pick(Unit, Journal);
}
