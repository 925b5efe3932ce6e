using System.Globalization;
using Flix.Core;

namespace Flix.Install.Sandbox;

/// <summary>
/// Reads /etc/subuid and /etc/subgid (shadow's format: <c>NAME_OR_ID:START:COUNT</c> per line, <c>#</c> comments), the
/// ranges newuidmap and newgidmap let a user map into its user namespaces.
/// </summary>
public static class SubordinateIdFile
{
    /// <summary>The largest file read: these files have a line per user.</summary>
    private const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The ranges of <paramref name="text"/> that belong to the user <paramref name="name"/> or <paramref name="id"/>, in order.</summary>
    public static IReadOnlyList<SubordinateIdRange> Parse(string text, string? name, uint id)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<SubordinateIdRange>();
        foreach (var rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(':');
            if (fields.Length != 3
                || !uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint start)
                || !uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint count) || count == 0)
            {
                continue; // newuidmap skips such lines too
            }

            bool mine = (name is not null && fields[0] == name)
                || (uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint owner) && owner == id);
            if (mine)
            {
                ranges.Add(new SubordinateIdRange(start, count));
            }
        }

        return ranges;
    }

    /// <summary>The ranges of the user in the file at <paramref name="path"/>; none when the file is missing.</summary>
    public static IReadOnlyList<SubordinateIdRange> Read(string path, string? name, uint id)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return [];
        }

        if (info.Length > MaxBytes)
        {
            throw new FlixException($"{path} is larger than {MaxBytes} bytes.");
        }

        return Parse(File.ReadAllText(path), name, id);
    }
}
