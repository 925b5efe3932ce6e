namespace Flix.Testing.Host;

/// <summary>The mount points of this process's mount namespace, from /proc/self/mountinfo (octal escapes decoded).</summary>
public static class HostMounts
{
    public static IReadOnlyList<string> MountPoints()
    {
        var points = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                points.Add(Decode(fields[4]));
            }
        }

        return points;
    }

    /// <summary>Mount points at or below <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Below(string folder)
    {
        string prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return [.. MountPoints().Where(point => point == prefix || point.StartsWith(prefix + "/", StringComparison.Ordinal))];
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as \040, \011, \012 and \134.</summary>
    private static string Decode(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).IndexOfAnyExceptInRange('0', '7') < 0)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
