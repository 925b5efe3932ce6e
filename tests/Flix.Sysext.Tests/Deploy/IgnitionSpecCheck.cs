using System.Text.Json;
using System.Text.RegularExpressions;

namespace Flix.Sysext.Tests.Deploy;

/// <summary>
/// What the Ignition 3.x configuration spec requires of the parts Flix emits, written from the spec (not from
/// Flix's records): ignition.version a 3.x version; files, links and directories with absolute paths; a link with a
/// target; contents.source a URL of a scheme Ignition fetches; verification.hash sha512-HEX or sha256-HEX;
/// modes numbers; units named with a unit type suffix; drop-ins named *.conf; no path given twice.
/// </summary>
internal static partial class IgnitionSpecCheck
{
    private static readonly string[] Schemes = ["http", "https", "tftp", "s3", "arn", "gs", "data"];
    private static readonly string[] UnitTypes = [".service", ".socket", ".device", ".mount", ".automount", ".swap", ".target", ".path", ".timer", ".slice", ".scope"];

    public static List<string> Check(JsonElement root)
    {
        var problems = new List<string>();
        if (!root.TryGetProperty("ignition", out var ignition) || !ignition.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.String)
        {
            problems.Add("ignition.version is required");
        }
        else if (!SpecVersion().IsMatch(version.GetString()!))
        {
            problems.Add($"ignition.version '{version.GetString()}' is not a 3.x spec version");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("storage", out var storage))
        {
            foreach (var kind in new[] { "files", "links", "directories" })
            {
                foreach (var node in Array(storage, kind))
                {
                    string? path = node.TryGetProperty("path", out var p) ? p.GetString() : null;
                    if (path is null || !path.StartsWith('/'))
                    {
                        problems.Add($"storage.{kind}: path '{path}' must be absolute");
                    }
                    else if (!paths.Add(path))
                    {
                        problems.Add($"storage: the path {path} is given twice");
                    }

                    if (node.TryGetProperty("mode", out var mode) && mode.ValueKind != JsonValueKind.Number)
                    {
                        problems.Add($"storage.{kind} {path}: mode must be a number");
                    }

                    if (kind == "links" && (!node.TryGetProperty("target", out var target) || string.IsNullOrEmpty(target.GetString())))
                    {
                        problems.Add($"storage.links {path}: a link needs a target");
                    }

                    if (kind == "files" && node.TryGetProperty("contents", out var contents))
                    {
                        CheckResource(contents, $"storage.files {path}", problems);
                    }
                }
            }
        }

        if (root.TryGetProperty("systemd", out var systemd))
        {
            foreach (var unit in Array(systemd, "units"))
            {
                string name = unit.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
                if (!UnitTypes.Any(type => name.Length > type.Length && name.EndsWith(type, StringComparison.Ordinal)))
                {
                    problems.Add($"systemd.units: '{name}' is not a unit name with a type suffix");
                }

                foreach (var dropIn in Array(unit, "dropins"))
                {
                    string dropInName = dropIn.TryGetProperty("name", out var d) ? d.GetString() ?? string.Empty : string.Empty;
                    if (!dropInName.EndsWith(".conf", StringComparison.Ordinal) || dropInName.Contains('/'))
                    {
                        problems.Add($"systemd.units {name}: the drop-in '{dropInName}' must be a file name ending in .conf");
                    }
                }
            }
        }

        return problems;
    }

    private static void CheckResource(JsonElement contents, string where, List<string> problems)
    {
        if (contents.TryGetProperty("source", out var source))
        {
            string text = source.GetString() ?? string.Empty;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme))
            {
                problems.Add($"{where}: contents.source '{text}' is not a URL of a scheme Ignition fetches ({string.Join(", ", Schemes)})");
            }
        }

        if (contents.TryGetProperty("verification", out var verification) && verification.TryGetProperty("hash", out var hash)
            && !Hash().IsMatch(hash.GetString() ?? string.Empty))
        {
            problems.Add($"{where}: verification.hash '{hash.GetString()}' is not sha512-HEX or sha256-HEX");
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string key) =>
        parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    [GeneratedRegex(@"^3\.[0-9]+\.[0-9]+(-experimental)?$")]
    private static partial Regex SpecVersion();

    [GeneratedRegex("^(sha512-[0-9a-f]{128}|sha256-[0-9a-f]{64})$")]
    private static partial Regex Hash();
}
