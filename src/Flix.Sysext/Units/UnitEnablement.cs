namespace Flix.Sysext.Units;

/// <summary>
/// A unit an extension makes start with another one (usually a target): by an <c>Upholds=</c>, <c>Wants=</c>,
/// <c>Requires=</c> or <c>BindsTo=</c> line in a drop-in of that unit, or a link in its <c>.wants/</c>,
/// <c>.requires/</c> or <c>.upholds/</c> folder.
/// </summary>
public sealed record UnitEnablement
{
    /// <summary>The unit started, e.g. myapp.service.</summary>
    public required string Unit { get; init; }

    /// <summary>The unit that pulls it in, e.g. multi-user.target.</summary>
    public required string By { get; init; }

    /// <summary>Upholds, Wants, Requires or BindsTo.</summary>
    public required string Dependency { get; init; }

    /// <summary>The drop-in or link in the image that says so, relative to the image root.</summary>
    public required string Source { get; init; }
}
