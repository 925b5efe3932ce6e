using System.Text;
using Flix.Core.Tree;

namespace Flix.Sysext.Units;

/// <summary>
/// The systemd units an extension tree ships in the system unit folders, and every unit it enables there (its
/// own or the host's), as systemd would read them after a merge.
/// </summary>
public sealed record ExtensionUnits
{
    /// <summary>The system unit folders that a merged /usr adds to systemd's search path.</summary>
    public static IReadOnlyList<string> UnitFolders { get; } = ["usr/lib/systemd/system", "usr/local/lib/systemd/system"];

    /// <summary>A unit file or drop-in larger than this is not read (no real one comes near).</summary>
    public const long MaxUnitFileSize = 1024 * 1024;

    private static readonly string[] UnitSuffixes =
        [".service", ".socket", ".timer", ".path", ".mount", ".automount", ".swap", ".target", ".slice", ".scope", ".device"];

    private static readonly (string Suffix, string Dependency)[] LinkFolders =
        [(".wants", "Wants"), (".requires", "Requires"), (".upholds", "Upholds")];

    private static readonly string[] DropInDependencies = ["Upholds", "Wants", "Requires", "BindsTo"];

    public required IReadOnlyList<ShippedUnit> Units { get; init; }

    /// <summary>Every enablement found, for shipped units and for units the host must have.</summary>
    public required IReadOnlyList<UnitEnablement> Enablements { get; init; }

    /// <summary>The units the extension enables that it does not ship (the host's, or missing).</summary>
    public IEnumerable<string> EnabledElsewhere =>
        Enablements.Select(e => e.Unit).Distinct(StringComparer.Ordinal).Where(u => !Units.Any(s => Matches(s.Name, u)));

    /// <summary>Reads the units and enablements of <paramref name="tree"/>.</summary>
    public static ExtensionUnits Scan(FileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var files = new List<(string Name, string Path, TreeNode Node)>();
        var enablements = new List<UnitEnablement>();
        foreach (var folder in UnitFolders)
        {
            if (tree.Find(folder) is not { IsDirectory: true } directory)
            {
                continue;
            }

            foreach (var (name, node) in directory.Children)
            {
                string path = folder + "/" + name;
                if (node.IsDirectory && name.EndsWith(".d", StringComparison.Ordinal))
                {
                    enablements.AddRange(ReadDropIns(name[..^2], path, node));
                }
                else if (node.IsDirectory && LinkFolders.FirstOrDefault(f => name.EndsWith(f.Suffix, StringComparison.Ordinal)) is { Suffix: not null } links)
                {
                    string by = name[..^links.Suffix.Length];
                    enablements.AddRange(node.Children.Keys.Where(IsUnitName).Select(unit => new UnitEnablement
                    {
                        Unit = unit, By = by, Dependency = links.Dependency, Source = path + "/" + unit,
                    }));
                }
                else if (!node.IsDirectory && IsUnitName(name))
                {
                    files.Add((name, path, node));
                }
            }
        }

        var units = files
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            .Select(g => g.First()) // the first folder wins, as in systemd's search path
            .Select(f => new ShippedUnit
            {
                Name = f.Name,
                Path = f.Path,
                EnabledBy = [.. enablements.Where(e => Matches(f.Name, e.Unit))],
                InstallTargets = ReadInstallTargets(f.Node),
            })
            .ToList();
        return new ExtensionUnits { Units = units, Enablements = enablements };
    }

    /// <summary>Whether <paramref name="name"/> ends in a unit type suffix.</summary>
    public static bool IsUnitName(string name) =>
        name.Length > 1 && UnitSuffixes.Any(suffix => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>Whether the unit file <paramref name="file"/> provides <paramref name="unit"/> (itself, or the template of an instance).</summary>
    public static bool Matches(string file, string unit)
    {
        if (string.Equals(file, unit, StringComparison.Ordinal))
        {
            return true;
        }

        int at = unit.IndexOf('@', StringComparison.Ordinal);
        int dot = unit.LastIndexOf('.');
        return at > 0 && dot > at && string.Equals(file, unit[..(at + 1)] + unit[dot..], StringComparison.Ordinal);
    }

    private static IEnumerable<UnitEnablement> ReadDropIns(string by, string folder, TreeNode directory)
    {
        foreach (var (name, node) in directory.Children)
        {
            if (!name.EndsWith(".conf", StringComparison.Ordinal) || ReadText(node) is not { } text)
            {
                continue;
            }

            var listed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var entry in UnitFileParser.Parse(text).Where(e => e.Section == "Unit" && DropInDependencies.Contains(e.Key)))
            {
                var units = listed.TryGetValue(entry.Key, out var list) ? list : listed[entry.Key] = [];
                if (entry.Value.Length == 0)
                {
                    units.Clear(); // an empty assignment resets the list
                }

                units.AddRange(entry.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            }

            foreach (var (dependency, units) in listed)
            {
                foreach (var unit in units.Distinct(StringComparer.Ordinal))
                {
                    yield return new UnitEnablement { Unit = unit, By = by, Dependency = dependency, Source = folder + "/" + name };
                }
            }
        }
    }

    private static List<string> ReadInstallTargets(TreeNode node) =>
        ReadText(node) is { } text
            ? [.. UnitFileParser.Parse(text)
                .Where(e => e.Section == "Install" && e.Key is "WantedBy" or "RequiredBy" or "UpheldBy")
                .SelectMany(e => e.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.Ordinal)]
            : [];

    /// <summary>The text of a regular file node, or null for a link, a special file or an oversized one.</summary>
    private static string? ReadText(TreeNode node)
    {
        if (node.Kind != EntryKind.RegularFile || node.Content is null || node.Size > MaxUnitFileSize)
        {
            return null;
        }

        using var stream = node.Content.OpenRead();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
