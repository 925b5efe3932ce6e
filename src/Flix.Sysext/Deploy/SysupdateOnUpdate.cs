namespace Flix.Sysext.Deploy;

/// <summary>What the systemd-sysupdate.service drop-in does when an update changed the extension's link.</summary>
public enum SysupdateOnUpdate
{
    /// <summary>systemd-sysext refresh: the new image is merged at once (the bakery's wasmtime, wasmcloud…).</summary>
    Refresh,

    /// <summary>touch /run/reboot-required: a reboot manager (kured, FLUO) reboots the node (the bakery's kubernetes family).</summary>
    RebootRequired,
}
