namespace Flix.Sysext.Deploy;

/// <summary>The kinds of <see cref="DeploymentFile"/>, as reports name them.</summary>
public static class DeploymentFileKinds
{
    public const string Transfer = "sysupdate";
    public const string MinorPinnedTransfer = "sysupdate-minor";
    public const string Noop = "noop";
    public const string Butane = "butane";
    public const string Ignition = "ignition";
}
