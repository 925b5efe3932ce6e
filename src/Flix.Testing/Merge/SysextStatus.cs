using System.Text.Json;

namespace Flix.Testing.Merge;

/// <summary>
/// <c>systemd-sysext status --json=short</c>: an array of {"hierarchy": "/usr", "extensions": ["a", "b"] or
/// "none"}. Parsed with the DOM reader (no reflection, trim-safe).
/// </summary>
public static class SysextStatus
{
    /// <summary>The extensions merged into each hierarchy; an empty map when the text is no such array.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string json)
    {
        var merged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return merged;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return merged;
            }

            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty("hierarchy", out var hierarchy) && hierarchy.ValueKind == JsonValueKind.String
                    && element.TryGetProperty("extensions", out var extensions))
                {
                    merged[hierarchy.GetString()!] = extensions.ValueKind == JsonValueKind.Array
                        ? [.. extensions.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                        : [];
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an error message): nothing is known to be merged.
        }

        return merged;
    }
}
