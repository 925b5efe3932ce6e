namespace Flix.Sysext.Units;

/// <summary>
/// Reads the syntax of systemd unit files and drop-ins: <c>[Section]</c> headers, <c>Key=value</c> lines with
/// whitespace trimmed, comments starting with '#' or ';', and lines continued by a trailing backslash.
/// </summary>
public static class UnitFileParser
{
    public static IReadOnlyList<UnitFileEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<UnitFileEntry>();
        string section = string.Empty;
        string? pending = null;
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (pending is not null)
            {
                line = pending + line.TrimStart();
                pending = null;
            }
            else
            {
                line = line.Trim();
                if (line.Length == 0 || line[0] is '#' or ';')
                {
                    continue;
                }
            }

            if (line.EndsWith('\\'))
            {
                pending = line[..^1] + " ";
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                entries.Add(new UnitFileEntry(section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }
        }

        if (pending is not null && pending.IndexOf('=', StringComparison.Ordinal) is int last and > 0)
        {
            entries.Add(new UnitFileEntry(section, pending[..last].Trim(), pending[(last + 1)..].Trim()));
        }

        return entries;
    }
}
