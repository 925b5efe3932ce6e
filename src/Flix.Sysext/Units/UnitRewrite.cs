namespace Flix.Sysext.Units;

/// <summary>What <see cref="UnitProgramRewriter"/> made of a unit.</summary>
public sealed record UnitRewrite
{
    /// <summary>The unit's new text: only the program words (and checked paths) changed, every other byte as it was.</summary>
    public required string Text { get; init; }

    /// <summary>The command programs that were pointed elsewhere, with their line.</summary>
    public required IReadOnlyList<UnitProgramReference> Rewritten { get; init; }

    /// <summary>The command programs the extension does not ship (left as they were), with their line.</summary>
    public required IReadOnlyList<UnitProgramReference> Unshipped { get; init; }
}
