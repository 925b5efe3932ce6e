using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// The drop-ins that start an extension's units when it is merged, as the sysext-bakery ships them:
/// <c>/usr/lib/systemd/system/TARGET.d/10-NAME.conf</c> with <c>[Unit]</c> and one <c>Upholds=</c> per unit, on
/// sockets.target for sockets, timers.target for timers and multi-user.target for the rest (the bakery's docker:
/// docker.socket from sockets.target, containerd.service from multi-user.target). A sysext cannot usefully ship
/// <c>.wants</c> links; <c>Upholds=</c> also restarts the unit when it stops. The image then needs
/// <c>EXTENSION_RELOAD_MANAGER=1</c>, so that the host's manager loads the drop-in on merge.
/// </summary>
public static class UpholdsDropIn
{
    /// <summary>The folder of multi-user.target's drop-ins in an extension.</summary>
    public const string Folder = "/usr/lib/systemd/system/multi-user.target.d";

    private const string UnitFolder = "/usr/lib/systemd/system";

    /// <summary>Where the multi-user.target drop-in of the extension <paramref name="extensionName"/> goes.</summary>
    public static string PathFor(string extensionName) => PathFor(extensionName, "multi-user.target");

    /// <summary>Where the drop-in of <paramref name="target"/> for the extension <paramref name="extensionName"/> goes.</summary>
    public static string PathFor(string extensionName, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(extensionName);
        ArgumentException.ThrowIfNullOrEmpty(target);
        return $"{UnitFolder}/{target}.d/10-{extensionName}.conf";
    }

    /// <summary>The target whose <c>Upholds=</c> starts <paramref name="unit"/>: sockets.target, timers.target or multi-user.target.</summary>
    public static string TargetFor(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.EndsWith(".socket", StringComparison.Ordinal) ? "sockets.target"
            : unit.EndsWith(".timer", StringComparison.Ordinal) ? "timers.target"
            : "multi-user.target";
    }

    /// <summary>
    /// The drop-ins of the extension <paramref name="extensionName"/> that start <paramref name="units"/>: one per
    /// upholding target, as (path, text), in the order of the targets' names.
    /// </summary>
    public static IReadOnlyList<(string Path, string Text)> RenderAll(string extensionName, IEnumerable<string> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return [.. units.GroupBy(TargetFor).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (PathFor(extensionName, g.Key), Render(g)))];
    }

    /// <summary>The drop-in's text for <paramref name="units"/>; a name systemd would refuse is a <see cref="FormatException"/>.</summary>
    public static string Render(IEnumerable<string> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var text = new StringBuilder("[Unit]\n");
        foreach (var unit in units)
        {
            if (!UnitFileNames.IsValidUnitName(unit))
            {
                throw new FormatException($"'{unit}' is not a unit name systemd accepts (e.g. nginx.service).");
            }

            text.Append("Upholds=").Append(unit).Append('\n');
        }

        return text.ToString();
    }
}
