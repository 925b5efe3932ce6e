namespace Flix.Core.Tree;

/// <summary>
/// The depth-first walk every image reader does: each directory's entries in stored order, a directory's own
/// entries right after it, paths no longer than PATH_MAX (which also bounds what a deep hostile tree costs), and a
/// directory met twice (a loop) refused. Only the directory being listed at each level is in memory.
/// </summary>
public static class ImageWalk
{
    public const int MaxPathLength = 4096;

    /// <summary>
    /// Every entry below <paramref name="root"/>. <paramref name="list"/> gives a directory's (name, child) pairs;
    /// <paramref name="open"/> reads and checks a child at a path and returns its entry, with the directory to list
    /// when it is one (else null), and the key that identifies that directory.
    /// </summary>
    /// <exception cref="InvalidDataException">A directory loop.</exception>
    /// <exception cref="NotSupportedException">A path longer than <see cref="MaxPathLength"/>.</exception>
    public static IEnumerable<TEntry> Walk<TEntry, TChild, TDirectory, TKey>(
        string image,
        TDirectory root,
        TKey rootKey,
        Func<TDirectory, string, IEnumerable<(string Name, TChild Child)>> list,
        Func<string, TChild, (TEntry Entry, TDirectory? Directory, TKey Key)> open)
        where TDirectory : class
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(open);
        var visited = new HashSet<TKey> { rootKey };
        var stack = new Stack<(string Prefix, IEnumerator<(string Name, TChild Child)> Entries)>();
        stack.Push((string.Empty, list(root, "/").GetEnumerator()));
        while (stack.Count > 0)
        {
            var (prefix, entries) = stack.Peek();
            if (!entries.MoveNext())
            {
                entries.Dispose();
                stack.Pop();
                continue;
            }

            var (name, child) = entries.Current;
            string path = prefix.Length == 0 ? name : prefix + "/" + name;
            if (path.Length > MaxPathLength)
            {
                throw new NotSupportedException($"{image}: the path '{path[..64]}…' is longer than {MaxPathLength} characters.");
            }

            var (entry, directory, key) = open(path, child);
            if (directory is not null && !visited.Add(key))
            {
                throw new InvalidDataException($"{image}: directory loop: '{path}' is directory inode {key}, which was already listed.");
            }

            yield return entry;
            if (directory is not null)
            {
                stack.Push((path, list(directory, path).GetEnumerator()));
            }
        }
    }
}
