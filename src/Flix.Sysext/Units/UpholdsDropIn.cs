using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// The drop-in that starts an extension's units when it is merged, as the sysext-bakery ships it:
/// <c>/usr/lib/systemd/system/multi-user.target.d/10-NAME.conf</c> with <c>[Unit]</c> and one <c>Upholds=</c> per unit.
/// A sysext cannot usefully ship <c>.wants</c> links; <c>Upholds=</c> also restarts the unit when it stops. The image
/// then needs <c>EXTENSION_RELOAD_MANAGER=1</c>, so that the host's manager loads the drop-in on merge.
/// </summary>
public static class UpholdsDropIn
{
    /// <summary>The folder of the target's drop-ins in an extension.</summary>
    public const string Folder = "/usr/lib/systemd/system/multi-user.target.d";

    /// <summary>Where the drop-in of the extension <paramref name="extensionName"/> goes.</summary>
    public static string PathFor(string extensionName)
    {
        ArgumentException.ThrowIfNullOrEmpty(extensionName);
        return $"{Folder}/10-{extensionName}.conf";
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
