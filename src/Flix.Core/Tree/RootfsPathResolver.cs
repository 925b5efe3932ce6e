using Flix.Core;

namespace Flix.Core.Tree;

/// <summary>
/// Resolves paths inside an image's tree model the way the kernel would inside a chroot: absolute link targets
/// start again at the image's root and '..' never climbs above it, so nothing outside the image is ever looked at.
/// </summary>
public static class RootfsPathResolver
{
    /// <summary>As the kernel's limit on nested links.</summary>
    private const int MaxLinks = 40;

    private const uint AnyExecute = 0x49; // 0111

    /// <summary>Where a program named like an extension is looked for when no entry point is given.</summary>
    public static IReadOnlyList<string> ProgramFolders { get; } = ["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin"];

    /// <summary>The path of the first executable regular file named <paramref name="name"/> in <see cref="ProgramFolders"/>, or null.</summary>
    public static string? FindProgram(FileTree tree, string name)
    {
        foreach (var folder in ProgramFolders)
        {
            string path = folder + "/" + name;
            if (Resolve(tree, path, followLast: true) is { Node: { Kind: EntryKind.RegularFile } node } && (node.Mode & AnyExecute) != 0)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="Resolve"/> of an entry point's source with links followed; a source that is missing (or a dangling
    /// link) is a <see cref="FlixException"/> naming it.
    /// </summary>
    public static (TreeNode Node, string Path, IReadOnlyList<string> Links) ResolveEntry(FileTree tree, string source) =>
        Resolve(tree, source, followLast: true)
        ?? throw new FlixException($"The entry point '{source}' is not in the image{(Resolve(tree, source, followLast: false) is not null ? " (it is a dangling symlink)" : string.Empty)}.");

    /// <summary>
    /// The node at <paramref name="path"/>, its canonical path (no links, '.' or '..' left) and the paths of the
    /// links followed; null when something on the way is missing or not a directory.
    /// </summary>
    public static (TreeNode Node, string Path, IReadOnlyList<string> Links)? Resolve(FileTree tree, string path, bool followLast)
    {
        var names = new List<string>();
        var nodes = new List<TreeNode> { tree.Root };
        var links = new List<string>();
        var pending = new LinkedList<string>(Split(path));
        int hops = 0;
        while (pending.First is { } first)
        {
            string name = first.Value;
            pending.RemoveFirst();
            if (name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                    nodes.RemoveAt(nodes.Count - 1);
                }

                continue;
            }

            var node = nodes[^1];
            if (!node.IsDirectory || node.GetChild(name) is not { } child)
            {
                return null;
            }

            if (child.Kind == EntryKind.Symlink && (pending.Count > 0 || followLast))
            {
                if (++hops > MaxLinks)
                {
                    throw new FlixException($"Too many levels of symbolic links resolving '{path}' in the image.");
                }

                links.Add("/" + string.Join('/', names.Append(name)));
                string target = child.LinkTarget!;
                if (target.StartsWith('/'))
                {
                    names.Clear();
                    nodes.RemoveRange(1, nodes.Count - 1);
                }

                foreach (var part in Split(target).Reverse())
                {
                    pending.AddFirst(part);
                }

                continue;
            }

            names.Add(name);
            nodes.Add(child);
        }

        return (nodes[^1], "/" + string.Join('/', names), links);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
