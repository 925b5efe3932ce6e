using Flix.Sysext.Units;

namespace Flix.Testing.Boot;

/// <summary>A unit the extensions enable, as the booted systemd reports it.</summary>
public sealed record UnitCheck
{
    public required string Unit { get; init; }

    public required IReadOnlyList<UnitEnablement> EnabledBy { get; init; }

    /// <summary>The unit file is in one of the extensions (else the root must have it).</summary>
    public required bool Shipped { get; init; }

    public required string LoadState { get; init; }

    public required string ActiveState { get; init; }

    public required string SubState { get; init; }

    public required string Result { get; init; }

    /// <summary>Active, or a oneshot that ran and succeeded.</summary>
    public required bool Ok { get; init; }

    /// <summary>The unit's journal lines of this boot when it is not ok (each line once).</summary>
    public required IReadOnlyList<string> Journal { get; init; }

    /// <summary>The journal line that says why it is not ok, or null.</summary>
    public string? Reason => Ok ? null : JournalReason.Pick(Unit, Journal);
}
