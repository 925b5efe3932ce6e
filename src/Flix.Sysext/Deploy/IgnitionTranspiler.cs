using System.Text;
using System.Text.Json;
using Flix.Sysext.Deploy.Ignition;

namespace Flix.Sysext.Deploy;

/// <summary>
/// Turns the <see cref="ButaneConfig"/> Flix emits into the Ignition 3.3.0 JSON Butane would make of it: downloads
/// with their verification hash, inline contents as data: URLs, links, units with their drop-ins.
/// </summary>
public static class IgnitionTranspiler
{
    public static IgnitionConfig Transpile(ButaneConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var files = config.Files.Select(file => new IgnitionFile
        {
            Path = file.Path,
            Mode = (int)file.Mode,
            Contents = new IgnitionResource
            {
                Source = file.Source ?? DataUrl(file.Inline ?? string.Empty),
                Verification = file.Hash is null ? null : new IgnitionVerification(file.Hash),
            },
        }).ToList();
        var links = config.Links.Select(link => new IgnitionLink(link.Path, link.Target, Hard: false)).ToList();
        var units = config.Units.Select(unit => new IgnitionUnit
        {
            Name = unit.Name,
            Enabled = unit.Enabled,
            DropIns = unit.DropIns.Count == 0 ? null : [.. unit.DropIns.Select(d => new IgnitionDropIn(d.Name, d.Contents))],
        }).ToList();
        return new IgnitionConfig
        {
            Ignition = new IgnitionHeader(ButaneConfig.IgnitionVersion),
            Storage = files.Count + links.Count == 0 ? null : new IgnitionStorage
            {
                Files = files.Count == 0 ? null : files,
                Links = links.Count == 0 ? null : links,
            },
            Systemd = units.Count == 0 ? null : new IgnitionSystemd(units),
        };
    }

    /// <summary>The JSON text, indented, ending in a newline.</summary>
    public static string Render(ButaneConfig config) =>
        JsonSerializer.Serialize(Transpile(config), IgnitionJsonContext.Default.IgnitionConfig) + "\n";

    /// <summary>An RFC 2397 data: URL of <paramref name="text"/> (UTF-8), every byte but the unreserved ones percent-encoded.</summary>
    public static string DataUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var url = new StringBuilder("data:,");
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                url.Append((char)b);
            }
            else
            {
                url.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return url.ToString();
    }
}
