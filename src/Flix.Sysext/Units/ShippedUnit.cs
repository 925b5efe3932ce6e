namespace Flix.Sysext.Units;

/// <summary>A systemd unit file an extension ships, with what enables it.</summary>
public sealed record ShippedUnit
{
    /// <summary>The unit name, e.g. myapp.service or myapp@.service.</summary>
    public required string Name { get; init; }

    /// <summary>Its path relative to the image root.</summary>
    public required string Path { get; init; }

    /// <summary>What makes it start at boot; empty when nothing in the image does.</summary>
    public required IReadOnlyList<UnitEnablement> EnabledBy { get; init; }

    /// <summary>The targets its [Install] section names (WantedBy=, RequiredBy=, UpheldBy=): only <c>systemctl enable</c> acts on them, which a merged extension never gets.</summary>
    public required IReadOnlyList<string> InstallTargets { get; init; }
}
