namespace Flix.Core.Tree;

/// <summary>
/// A whole file tree held as a model: the root directory and everything below it.
/// Paths are relative to the root, '/'-separated; a leading '/' is ignored.
/// </summary>
public sealed class FileTree
{
    public FileTree()
        : this(TreeNode.CreateDirectory())
    {
    }

    public FileTree(TreeNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.IsDirectory)
        {
            throw new ArgumentException("The root of a tree must be a directory.", nameof(root));
        }

        Root = root;
    }

    public TreeNode Root { get; }

    /// <summary>The node at <paramref name="path"/>, or null. Symlinks are not followed.</summary>
    public TreeNode? Find(string path)
    {
        var node = Root;
        foreach (var part in Split(path))
        {
            node = node.GetChild(part);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Puts <paramref name="node"/> at <paramref name="path"/>, creating missing parent directories (0755, root-owned).</summary>
    public void Add(string path, TreeNode node)
    {
        var parts = Split(path);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Cannot replace the root of a tree.", nameof(path));
        }

        var parent = EnsureDirectory(parts.AsSpan(0, parts.Length - 1));
        parent.SetChild(parts[^1], node);
    }

    /// <summary>The directory at <paramref name="path"/>, created with its parents when missing.</summary>
    public TreeNode EnsureDirectory(string path) => EnsureDirectory(Split(path));

    /// <summary>Removes the entry at <paramref name="path"/>; true when something was removed.</summary>
    public bool Remove(string path)
    {
        var parts = Split(path);
        if (parts.Length == 0)
        {
            return false;
        }

        var parent = Find(string.Join('/', parts[..^1]));
        return parent is not null && parent.RemoveChild(parts[^1]);
    }

    /// <summary>
    /// Every entry below the root (the root itself excluded) as (path, node), depth first,
    /// each directory's entries in UTF-8 byte order.
    /// </summary>
    public IEnumerable<(string Path, TreeNode Node)> Walk()
    {
        var stack = new Stack<(string Prefix, IEnumerator<KeyValuePair<string, TreeNode>> Entries)>();
        stack.Push((string.Empty, Root.Children.GetEnumerator()));
        while (stack.Count > 0)
        {
            var (prefix, entries) = stack.Peek();
            if (!entries.MoveNext())
            {
                entries.Dispose();
                stack.Pop();
                continue;
            }

            var (name, node) = entries.Current;
            string path = prefix.Length == 0 ? name : prefix + "/" + name;
            yield return (path, node);
            if (node.IsDirectory)
            {
                stack.Push((path, node.Children.GetEnumerator()));
            }
        }
    }

    /// <summary>Sets owner and group of every node (the root included), as mksquashfs -all-root does for 0:0.</summary>
    public void SetAllOwners(uint uid, uint gid)
    {
        Root.Uid = uid;
        Root.Gid = gid;
        foreach (var (_, node) in Walk())
        {
            node.Uid = uid;
            node.Gid = gid;
        }
    }

    private TreeNode EnsureDirectory(ReadOnlySpan<string> parts)
    {
        var node = Root;
        foreach (var part in parts)
        {
            var child = node.GetChild(part);
            if (child is null)
            {
                child = TreeNode.CreateDirectory();
                node.SetChild(part, child);
            }
            else if (!child.IsDirectory)
            {
                throw new InvalidOperationException($"'{part}' is a {child.Kind}, not a directory.");
            }

            node = child;
        }

        return node;
    }

    private static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            TreeNode.ValidateName(part);
        }

        return parts;
    }
}
