namespace Flix.Sysext.Deploy;

/// <summary>The deployment files to write beside an extension image, and how they update it.</summary>
public sealed record DeploymentOptions
{
    /// <summary>Also write NAME-vMAJOR.MINOR.conf, the transfer that only takes patch releases (the kubernetes family's).</summary>
    public bool MinorPinned { get; init; }

    /// <summary>Write NAME.bu, the Butane config that deploys the image with its hash and keeps it updated.</summary>
    public bool Butane { get; init; }

    /// <summary>Write NAME.ign, the Ignition JSON of the Butane config (implies <see cref="Butane"/>).</summary>
    public bool Ignition { get; init; }

    public SysupdateOnUpdate OnUpdate { get; init; } = SysupdateOnUpdate.Refresh;

    /// <summary>Whether any Butane or Ignition config is written.</summary>
    public bool WritesConfig => Butane || Ignition;
}
