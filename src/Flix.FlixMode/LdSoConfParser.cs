using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

/// <summary>
/// Reads an image's /etc/ld.so.conf the way ldconfig does, inside the image's tree: one folder per line (an
/// <c>=TYPE</c> suffix dropped), <c>#</c> comments, <c>include PATTERN...</c> with globs sorted by name (a relative
/// pattern is taken from the including file's folder), <c>hwcap</c> lines ignored, and each file read once so that an
/// include cycle ends. The folders found stand in for the loader cache when libraries are looked up.
/// </summary>
/// <remarks>
/// The work is bounded whatever the image holds: includes are followed with a stack of their own (a chain of any
/// length cannot overflow the thread's), wildcards match without exponential backtracking, and a file larger than
/// <see cref="MaxFileBytes"/>, more than <see cref="MaxFiles"/> files or <see cref="MaxTotalBytes"/> bytes in all, a
/// pattern matching more than <see cref="MaxGlobPaths"/> paths, or patterns looking at more than
/// <see cref="MaxGlobEntries"/> folder entries is an error naming the file. A link loop on the way is skipped, as
/// ldconfig skips a file it cannot open.
/// </remarks>
public static class LdSoConfParser
{
    /// <summary>The main configuration file.</summary>
    public const string DefaultPath = "/etc/ld.so.conf";

    /// <summary>The largest configuration file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The most configuration files read for one image.</summary>
    public const int MaxFiles = 65536;

    /// <summary>The most bytes of configuration files read for one image.</summary>
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    /// <summary>The most paths one include pattern may match (on each level of its folders).</summary>
    public const int MaxGlobPaths = 65536;

    /// <summary>The most folder entries the include patterns of one image may look at.</summary>
    public const int MaxGlobEntries = 4 * 1024 * 1024;

    /// <summary>The folders listed by <paramref name="path"/> and what it includes, in order, each once.</summary>
    /// <exception cref="FlixException">A limit above was passed; the message names the file.</exception>
    public static IReadOnlyList<string> Parse(FileTree rootfs, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var folders = new List<string>();
        var seenFolders = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var budget = new GlobBudget();

        // Depth first, in file order: the top frame is the file being read; an include puts its files above it.
        var stack = new Stack<Frame>();
        stack.Push(new Frame(path, null));
        while (stack.TryPeek(out var frame))
        {
            if (frame.Lines is null)
            {
                stack.Pop();
                if (Open(rootfs, frame.Path, seenFiles, budget) is { } lines)
                {
                    if (seenFiles.Count > MaxFiles)
                    {
                        throw new FlixException($"The loader configuration of the image includes more than {MaxFiles} files (at '{frame.Path}').");
                    }

                    stack.Push(new Frame(frame.Path, lines));
                }

                continue;
            }

            if (frame.Index == frame.Lines.Length)
            {
                stack.Pop();
                continue;
            }

            string line = frame.Lines[frame.Index++];
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            line = (hash >= 0 ? line[..hash] : line).Trim();
            if (line.Length == 0 || StartsWithWord(line, "hwcap"))
            {
                continue;
            }

            if (StartsWithWord(line, "include"))
            {
                string directory = ParentOf(frame.Path);
                var included = new List<string>();
                foreach (var pattern in line["include".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    string absolute = pattern.StartsWith('/') ? pattern : directory.TrimEnd('/') + "/" + pattern;
                    included.AddRange(Glob(rootfs, absolute, frame.Path, budget));
                }

                for (int i = included.Count - 1; i >= 0; i--)
                {
                    stack.Push(new Frame(included[i], null));
                }

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

        return folders;
    }

    /// <summary>The paths in the image matching <paramref name="pattern"/> (*, ? and [...] in any part), sorted by name as glob(3) does.</summary>
    public static IReadOnlyList<string> Glob(FileTree rootfs, string pattern) => Glob(rootfs, pattern, pattern, new GlobBudget());

    /// <summary>Whether <paramref name="name"/> matches the shell pattern <paramref name="pattern"/> (*, ?, [set], [!set]).</summary>
    public static bool WildcardMatches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return ShellWildcard.Matches(pattern, name);
    }

    /// <summary>The lines of the regular file at <paramref name="path"/>, or null when it is missing, not a file, behind a link loop, or read before.</summary>
    private static string[]? Open(FileTree rootfs, string path, HashSet<string> seenFiles, GlobBudget budget)
    {
        if (Resolve(rootfs, path, followLast: true) is not { Node: { Kind: EntryKind.RegularFile, Content: { } content } node, Path: var canonical }
            || !seenFiles.Add(canonical))
        {
            return null;
        }

        var bytes = ElfNodeReader.ReadAllBytes(node, path, MaxFileBytes, "loader configuration file");
        budget.Read(bytes.Length, path);
        return new UTF8Encoding(false).GetString(bytes).Split('\n');
    }

    private static List<string> Glob(FileTree rootfs, string pattern, string source, GlobBudget budget)
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

                if (Resolve(rootfs, prefix.Length == 0 ? "/" : prefix, followLast: true) is not { Node: { IsDirectory: true } directory })
                {
                    continue;
                }

                budget.Spend(directory.Children.Count, source);
                foreach (var name in directory.Children.Keys.Order(StringComparer.Ordinal))
                {
                    if ((name.StartsWith('.') && !part.StartsWith('.')) || !ShellWildcard.Matches(part, name))
                    {
                        continue;
                    }

                    next.Add(prefix + "/" + name);
                }
            }

            if (next.Count > MaxGlobPaths)
            {
                throw new FlixException($"The include pattern '{pattern}' in '{source}' matches more than {MaxGlobPaths} paths in the image.");
            }

            current = next;
        }

        return current.Where(path => path.Length > 0 && Resolve(rootfs, path, followLast: false) is not null).ToList();
    }

    /// <summary><see cref="RootfsPathResolver.Resolve"/>, with a link loop taken as a missing file (ldconfig gets ELOOP and goes on).</summary>
    private static (TreeNode Node, string Path, IReadOnlyList<string> Links)? Resolve(FileTree rootfs, string path, bool followLast)
    {
        try
        {
            return RootfsPathResolver.Resolve(rootfs, path, followLast);
        }
        catch (FlixException)
        {
            return null;
        }
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

    /// <summary>A file being read: its path, its lines (null until opened) and the next line.</summary>
    private sealed class Frame(string path, string[]? lines)
    {
        public string Path { get; } = path;

        public string[]? Lines { get; } = lines;

        public int Index { get; set; }
    }

    /// <summary>Counts the folder entries the include patterns look at and the bytes read, so that a hostile tree cannot make the work endless.</summary>
    private sealed class GlobBudget
    {
        private long _entries;
        private long _bytes;

        public void Read(int bytes, string path)
        {
            _bytes += bytes;
            if (_bytes > MaxTotalBytes)
            {
                throw new FlixException($"The loader configuration of the image is more than {MaxTotalBytes} bytes in all (at '{path}').");
            }
        }

        public void Spend(int entries, string source)
        {
            _entries += entries;
            if (_entries > MaxGlobEntries)
            {
                throw new FlixException($"The include patterns of the loader configuration look at more than {MaxGlobEntries} folder entries of the image (at '{source}').");
            }
        }
    }
}
