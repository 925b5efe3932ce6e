using Flix.Core.Interop;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// What a set of host folders holds, to compare before and after wrappers ran: the whole tree (type, mode, owner,
/// size, time, link target) of the folders a test made, and the entry names of shared host folders.
/// </summary>
public sealed class HostSnapshot
{
    private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);

    /// <summary>Takes the snapshot: <paramref name="trees"/> in full depth, <paramref name="shallow"/> by their entries' names.</summary>
    public static HostSnapshot Take(IEnumerable<string> trees, IEnumerable<string> shallow)
    {
        var snapshot = new HostSnapshot();
        foreach (var tree in trees)
        {
            snapshot.AddTree(tree);
        }

        foreach (var folder in shallow)
        {
            snapshot._entries[folder] = Describe(folder);
            if (Directory.Exists(folder))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
                {
                    snapshot._entries[entry] = "present";
                }
            }
        }

        return snapshot;
    }

    /// <summary>The differences from <paramref name="before"/>, one line each; empty when nothing changed.</summary>
    public IReadOnlyList<string> Changes(HostSnapshot before)
    {
        var changes = new List<string>();
        foreach (var (path, description) in _entries)
        {
            if (!before._entries.TryGetValue(path, out var old))
            {
                changes.Add($"new: {path} ({description})");
            }
            else if (old != description)
            {
                changes.Add($"changed: {path} ({old} -> {description})");
            }
        }

        changes.AddRange(before._entries.Keys.Where(path => !_entries.ContainsKey(path)).Select(path => $"gone: {path}"));
        return changes;
    }

    private void AddTree(string root)
    {
        _entries[root] = Describe(root);
        if (!IsRealDirectory(root))
        {
            return;
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                _entries[entry] = Describe(entry);
                if (IsRealDirectory(entry))
                {
                    pending.Push(entry);
                }
            }
        }
    }

    private static bool IsRealDirectory(string path) =>
        Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var stat) == 0
        && (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory;

    private static string Describe(string path)
    {
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var stat) != 0)
        {
            return "missing";
        }

        string link = (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeSymlink ? " -> " + new FileInfo(path).LinkTarget : string.Empty;
        bool directory = (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory;

        // A directory's size and time change with its entries, which are listed themselves.
        return directory
            ? $"dir {Convert.ToString((int)stat.Mode, 8)} {stat.Uid}:{stat.Gid}"
            : $"{Convert.ToString((int)stat.Mode, 8)} {stat.Uid}:{stat.Gid} {stat.Size} {stat.MTime.Seconds}{link}";
    }
}
