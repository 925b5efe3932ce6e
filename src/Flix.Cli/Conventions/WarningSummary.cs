using System.Text.RegularExpressions;

namespace Flix.Cli.Conventions;

/// <summary>
/// Folds the warnings of an unprivileged pull about device nodes (one per /dev entry of a base image) into one
/// line: they cannot matter to an extension, which never ships /dev, but each image has a handful.
/// </summary>
public static partial class WarningSummary
{
    public static IReadOnlyList<string> Collapse(IEnumerable<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var result = new List<string>();
        var devices = new List<string>();
        foreach (var warning in warnings)
        {
            var match = DeviceWarning().Match(warning);
            if (match.Success)
            {
                devices.Add(match.Groups["entry"].Value);
            }
            else
            {
                result.Add(warning);
            }
        }

        if (devices.Count > 0)
        {
            string names = string.Join(", ", devices.Take(4)) + (devices.Count > 4 ? ", …" : string.Empty);
            result.Add($"{devices.Count} device node(s) ({names}) are empty files on disk: creating devices needs root. "
                + "An extension never ships /dev; run as root to unpack them as devices.");
        }

        return result;
    }

    [GeneratedRegex("entry '(?<entry>[^']*)' is a (character|block) device .*without privileges", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceWarning();
}
