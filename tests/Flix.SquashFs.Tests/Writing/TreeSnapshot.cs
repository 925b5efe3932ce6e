using System.Globalization;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>
/// A comparable description of a tree on disk, taken with stat(1) and getfattr(1): per path the type, mode,
/// owner, size (not for directories), device numbers, link count, symlink target and hard-link group; the
/// regular files' bytes; and the extended attributes.
/// </summary>
internal sealed class TreeSnapshot
{
    private TreeSnapshot(string root, SortedDictionary<string, string> entries, SortedDictionary<string, string> mtimes)
    {
        Root = root;
        Entries = entries;
        ModificationTimes = mtimes;
    }

    public string Root { get; }

    /// <summary>Path (relative, "." for the root) to its description.</summary>
    public SortedDictionary<string, string> Entries { get; }

    /// <summary>Path to mtime in seconds.</summary>
    public SortedDictionary<string, string> ModificationTimes { get; }

    /// <summary>The stat(1) format the snapshot parses; run as <c>find . -exec stat --printf FORMAT {} +</c>.</summary>
    public const string StatFormat = "%n\\t%F\\t%a\\t%u\\t%g\\t%s\\t%t\\t%T\\t%h\\t%i\\t%Y\\t%N\\n";

    public static TreeSnapshot Take(string root) =>
        Parse(root, ProcessRunner.Output(root, "find", ".", "-exec", "stat", "--printf", StatFormat, "{}", "+"));

    /// <summary>Parses the output of stat with <see cref="StatFormat"/>; <paramref name="root"/> is where file bytes are read.</summary>
    public static TreeSnapshot Parse(string root, string output)
    {
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        var groups = rows.Where(r => r[1] != "directory" && int.Parse(r[8], CultureInfo.InvariantCulture) > 1)
            .GroupBy(r => r[9])
            .ToDictionary(g => g.Key, g => g.Select(r => r[0]).Order(StringComparer.Ordinal).First());
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var mtimes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            string path = r[0];
            string type = r[1];
            string size = type == "directory" ? "-" : r[5];
            string device = type.Contains("special", StringComparison.Ordinal) ? $"{r[6]}:{r[7]}" : "-";
            string target = type == "symbolic link" ? LinkTarget(r[11]) : "-";
            string group = groups.TryGetValue(r[9], out var first) ? first : "-";
            entries[path] = $"{type} mode={r[2]} owner={r[3]}:{r[4]} size={size} dev={device} nlink={r[8]} target={target} linkgroup={group}";
            mtimes[path] = r[10];
        }

        return new TreeSnapshot(root, entries, mtimes);
    }

    /// <summary>The target from stat's %N: 'name' -> 'target'.</summary>
    private static string LinkTarget(string quoted)
    {
        int arrow = quoted.IndexOf(" -> '", StringComparison.Ordinal);
        return arrow < 0 ? "?" : quoted[(arrow + 5)..^1];
    }

    /// <summary>Extended attributes of every entry as sorted "path name=hexvalue" lines.</summary>
    public static List<string> Xattrs(string root)
    {
        string stdout = ProcessRunner.RunAsync("getfattr", ["-R", "-h", "-d", "-m", "-", "-e", "hex", "."], root).GetAwaiter().GetResult().StandardOutput;
        return ParseXattrs(stdout);
    }

    /// <summary>Parses getfattr -d -e hex output into sorted "path name=hexvalue" lines.</summary>
    public static List<string> ParseXattrs(string stdout)
    {
        var lines = new List<string>();
        string? file = null;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("# file: ", StringComparison.Ordinal))
            {
                file = line["# file: ".Length..];
            }
            else if (line.Length > 0 && file is not null)
            {
                lines.Add($"{file} {line}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Asserts that both trees hold the same entries and the same file bytes.</summary>
    public static void AssertSame(TreeSnapshot expected, TreeSnapshot actual, bool compareBytes = true)
    {
        var missing = expected.Entries.Keys.Except(actual.Entries.Keys).ToList();
        var extra = actual.Entries.Keys.Except(expected.Entries.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"Missing: {string.Join(", ", missing.Take(10))}; extra: {string.Join(", ", extra.Take(10))}");
        var differences = expected.Entries
            .Where(e => actual.Entries[e.Key] != e.Value)
            .Select(e => $"{e.Key}:\n  expected {e.Value}\n  actual   {actual.Entries[e.Key]}")
            .Take(10)
            .ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        foreach (var (path, description) in expected.Entries)
        {
            if (compareBytes && description.StartsWith("regular", StringComparison.Ordinal))
            {
                var a = File.ReadAllBytes(Path.Combine(expected.Root, path));
                var b = File.ReadAllBytes(Path.Combine(actual.Root, path));
                Assert.True(a.AsSpan().SequenceEqual(b), $"The bytes of {path} differ ({a.Length} and {b.Length} bytes).");
            }
        }
    }
}
