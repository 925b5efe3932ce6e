using System.Text.RegularExpressions;

namespace Flix.TestSupport.Files;

/// <summary>The mount points of this process's mount namespace, to refuse deleting through a mount that leaked.</summary>
public static partial class MountTable
{
    /// <summary>The mount points (field 5 of /proc/self/mountinfo, octal escapes decoded).</summary>
    public static IEnumerable<string> MountPoints()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                yield return OctalEscape().Replace(fields[4], m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
            }
        }
    }

    /// <summary>The mount points at or below <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Below(string path)
    {
        string prefix = Path.TrimEndingDirectorySeparator(path) + "/";
        return [.. MountPoints().Where(m => m == path || m.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Throws when anything is mounted at or below <paramref name="path"/>: deleting it would delete what is mounted there.</summary>
    public static void AssertNothingMountedBelow(string path)
    {
        var leaked = Below(path);
        if (leaked.Count > 0)
        {
            throw new InvalidOperationException(
                $"'{path}' still has mounts below it in the test's own namespace ({string.Join(", ", leaked)}); a mount leaked out of a private namespace. Nothing was deleted.");
        }
    }

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
