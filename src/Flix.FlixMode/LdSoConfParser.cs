using System.Text;
using Flix.Core.Tree;

namespace Flix.FlixMode;

/// <summary>
/// Reads an image's /etc/ld.so.conf the way ldconfig does, inside the image's tree: one folder per line (an
/// <c>=TYPE</c> suffix dropped), <c>#</c> comments, <c>include PATTERN...</c> with globs sorted by name (a relative
/// pattern is taken from the including file's folder), <c>hwcap</c> lines ignored, and each file read once so that an
/// include cycle ends. The folders found stand in for the loader cache when libraries are looked up.
/// </summary>
public static class LdSoConfParser
{
    /// <summary>The main configuration file.</summary>
    public const string DefaultPath = "/etc/ld.so.conf";

    /// <summary>The largest configuration file read.</summary>
    private const int MaxFileBytes = 1024 * 1024;

    /// <summary>The folders listed by <paramref name="path"/> and what it includes, in order, each once.</summary>
    public static IReadOnlyList<string> Parse(FileTree rootfs, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var folders = new List<string>();
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        ParseFile(rootfs, path, folders, seenFolders, seenFiles);
        return folders;
    }

    private static void ParseFile(FileTree rootfs, string path, List<string> folders, HashSet<string> seenFolders, HashSet<string> seenFiles)
    {
        if (RootfsPathResolver.Resolve(rootfs, path, followLast: true) is not { Node: { Kind: EntryKind.RegularFile } node, Path: var canonical }
            || !seenFiles.Add(canonical) || node.Content is null || node.Content.Length > MaxFileBytes)
        {
            return;
        }

        string text;
        using (var stream = node.Content.OpenRead())
        using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
        {
            text = reader.ReadToEnd();
        }

        string directory = ParentOf(path);
        foreach (var rawLine in text.Split('\n'))
        {
            string line = rawLine;
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (StartsWithWord(line, "include"))
            {
                foreach (var pattern in line["include".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    string absolute = pattern.StartsWith('/') ? pattern : directory.TrimEnd('/') + "/" + pattern;
                    foreach (var included in Glob(rootfs, absolute))
                    {
                        ParseFile(rootfs, included, folders, seenFolders, seenFiles);
                    }
                }

                continue;
            }

            if (StartsWithWord(line, "hwcap"))
            {
                continue;
            }

            // ldconfig accepts several folders on a line, separated by blanks, commas or colons, each maybe with =TYPE.
            foreach (var item in line.Split([' ', '\t', ',', ':'], StringSplitOptions.RemoveEmptyEntries))
            {
                string folder = item;
                int equals = folder.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    folder = folder[..equals];
                }

                folder = Normalize(folder);
                if (folder.StartsWith('/') && seenFolders.Add(folder))
                {
                    folders.Add(folder);
                }
            }
        }
    }

    /// <summary>The paths in the image matching <paramref name="pattern"/> (*, ? and [...] in any part), sorted by name as glob(3) does.</summary>
    public static IReadOnlyList<string> Glob(FileTree rootfs, string pattern)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(pattern);
        var current = new List<string> { string.Empty };
        foreach (var part in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            foreach (var prefix in current)
            {
                if (!HasWildcard(part))
                {
                    next.Add(prefix + "/" + part);
                    continue;
                }

                if (RootfsPathResolver.Resolve(rootfs, prefix.Length == 0 ? "/" : prefix, followLast: true) is not { Node: { IsDirectory: true } directory })
                {
                    continue;
                }

                foreach (var name in directory.Children.Keys.Order(StringComparer.Ordinal))
                {
                    if ((name.StartsWith('.') && !part.StartsWith('.')) || !WildcardMatches(part, name))
                    {
                        continue;
                    }

                    next.Add(prefix + "/" + name);
                }
            }

            current = next;
        }

        return current.Where(path => path.Length > 0 && RootfsPathResolver.Resolve(rootfs, path, followLast: false) is not null).ToList();
    }

    /// <summary>Whether <paramref name="name"/> matches the shell pattern <paramref name="pattern"/> (*, ?, [set], [!set]).</summary>
    public static bool WildcardMatches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return Matches(pattern.AsSpan(), name.AsSpan());
    }

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (pattern.Length > 0)
        {
            char p = pattern[0];
            if (p == '*')
            {
                var rest = pattern[1..];
                for (int skip = 0; skip <= name.Length; skip++)
                {
                    if (Matches(rest, name[skip..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (name.Length == 0)
            {
                return false;
            }

            if (p == '?')
            {
                pattern = pattern[1..];
                name = name[1..];
                continue;
            }

            if (p == '[' && pattern.IndexOf(']') is int close and > 1)
            {
                var set = pattern[1..close];
                bool negate = set.Length > 0 && set[0] is '!' or '^';
                if (negate)
                {
                    set = set[1..];
                }

                if (InSet(set, name[0]) == negate)
                {
                    return false;
                }

                pattern = pattern[(close + 1)..];
                name = name[1..];
                continue;
            }

            if (p != name[0])
            {
                return false;
            }

            pattern = pattern[1..];
            name = name[1..];
        }

        return name.Length == 0;
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        for (int i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2])
                {
                    return true;
                }

                i += 2;
            }
            else if (set[i] == c)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasWildcard(string part) => part.AsSpan().IndexOfAny("*?[") >= 0;

    private static bool StartsWithWord(string line, string word) =>
        line.StartsWith(word, StringComparison.Ordinal) && line.Length > word.Length && line[word.Length] is ' ' or '\t';

    private static string ParentOf(string path)
    {
        int slash = path.TrimEnd('/').LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private static string Normalize(string folder)
    {
        string trimmed = "/" + string.Join('/', folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return folder.StartsWith('/') ? trimmed : folder;
    }
}
