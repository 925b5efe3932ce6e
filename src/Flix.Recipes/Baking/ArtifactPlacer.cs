using Flix.Core.Tree;
using Flix.Recipes.Model;

namespace Flix.Recipes.Baking;

/// <summary>
/// Moves entries of an unpacked artifact into the extension tree as its install rules say: a folder target keeps
/// names (paths below the pattern's fixed part for <c>**</c> patterns), any other target renames one entry; modes
/// are set on regular files; anything that would land in usr/sbin goes to usr/bin, where Flatcar looks for it.
/// </summary>
internal static class ArtifactPlacer
{
    private const int ListedEntries = 12;

    public static void Place(FileTree staging, FileTree extension, IReadOnlyList<InstallRule> rules, string ruleKey, string source)
    {
        var entries = staging.Walk().ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var recursive = rule.From.Pattern.Contains("**", StringComparison.Ordinal);
            var matches = entries.Where(e => rule.From.IsMatch(e.Path) && !(recursive && e.Node.IsDirectory)).ToList();
            if (matches.Count == 0)
            {
                if (rule.Optional)
                {
                    continue;
                }

                var listing = string.Join(", ", entries.Take(ListedEntries).Select(e => e.Path)) + (entries.Count > ListedEntries ? ", …" : string.Empty);
                throw new InvalidDataException($"{ruleKey}[{i}]: '{rule.From}' matches nothing in {source}; it holds {listing}.");
            }

            if (!rule.ToFolder && matches.Count > 1)
            {
                throw new InvalidDataException($"{ruleKey}[{i}]: '{rule.From}' matches {matches.Count} entries of {source} ({string.Join(", ", matches.Take(4).Select(m => m.Path))}…) but '{rule.To}' is not a folder (end it with '/').");
            }

            foreach (var (path, node) in matches)
            {
                var destination = rule.ToFolder
                    ? rule.To + (recursive ? Relative(path, rule.From.FixedDepth) : path[(path.LastIndexOf('/') + 1)..])
                    : rule.To;
                if (rule.Mode is { } mode && node.Kind == EntryKind.RegularFile)
                {
                    node.Mode = mode;
                }

                Add(extension, ToBin(destination), node);
            }
        }
    }

    /// <summary>Puts <paramref name="node"/> at <paramref name="path"/>; a folder onto a folder merges, anything else replaces.</summary>
    internal static void Add(FileTree tree, string path, TreeNode node)
    {
        var existing = tree.Find(path);
        if (existing is { IsDirectory: true } && node.IsDirectory && !ReferenceEquals(existing, node))
        {
            foreach (var (name, child) in node.Children.ToList())
            {
                Add(tree, path.TrimEnd('/') + "/" + name, child);
            }

            return;
        }

        tree.Add(path, node);
    }

    /// <summary>usr/sbin/X → usr/bin/X: Flatcar's /usr/sbin is a link to bin, and an extension must not shadow it.</summary>
    internal static string ToBin(string path)
    {
        var trimmed = path.TrimStart('/');
        return trimmed == "usr/sbin" || trimmed.StartsWith("usr/sbin/", StringComparison.Ordinal) ? "usr/bin" + trimmed["usr/sbin".Length..] : trimmed;
    }

    /// <summary><paramref name="path"/> without its first <paramref name="depth"/> folders.</summary>
    private static string Relative(string path, int depth) => string.Join('/', path.Split('/').Skip(depth));
}
