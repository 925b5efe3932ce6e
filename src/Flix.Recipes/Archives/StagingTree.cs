using Flix.Core.Tree;

namespace Flix.Recipes.Archives;

/// <summary>
/// The entries of an unpacked artifact as a tree model: names checked (nothing leaves the archive's root), file
/// contents spilled to numbered files in a scratch folder, links kept as links, hard links as one node, modes
/// kept. Nothing from the archive ever becomes a path on disk, so no entry can write or follow outside.
/// </summary>
public sealed class StagingTree
{
    /// <summary>The most entries an artifact may hold.</summary>
    public const int MaxEntries = 1_000_000;

    /// <summary>The most bytes an artifact may unpack to: 64 GiB.</summary>
    public const long MaxBytes = 64L << 30;

    private const int CopyBufferSize = 128 * 1024;

    private readonly string _scratch;
    private readonly string _source;
    private int _files;
    private int _entries;
    private long _bytes;

    public StagingTree(string scratchDirectory, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(scratchDirectory);
        _scratch = scratchDirectory;
        _source = source;
        Directory.CreateDirectory(scratchDirectory);
    }

    public FileTree Tree { get; } = new();

    /// <summary>The archive-relative path of an entry name: no leading "./", no "." or ".." parts; null for the root itself.</summary>
    public string? Normalize(string name)
    {
        if (name.StartsWith('/') || name.StartsWith('\\'))
        {
            // Release archives name entries relative to their root; an absolute name is an archive made to escape.
            throw new InvalidDataException($"{_source}: the entry '{Fetch.Digest.Printable(name)}' has an absolute name.");
        }

        var parts = new List<string>();
        foreach (var part in name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == ".." || part.Contains('\0'))
            {
                throw new InvalidDataException($"{_source}: the entry '{Fetch.Digest.Printable(name)}' would leave the archive.");
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    public void AddDirectory(string name, uint mode, long mtime)
    {
        Count();
        if (Normalize(name) is not { } path)
        {
            return;
        }

        var node = Guard(name, () => Tree.EnsureDirectory(path));
        node.Mode = mode;
        node.ModificationTime = mtime;
    }

    public async Task<TreeNode> AddFileAsync(string name, Stream content, long declaredLength, uint mode, long mtime, CancellationToken ct)
    {
        Count();
        var path = Normalize(name) ?? throw new InvalidDataException($"{_source}: a file entry has no name.");
        if (declaredLength > MaxBytes - _bytes)
        {
            throw new InvalidDataException($"{_source}: unpacks to more than {MaxBytes} bytes, the limit.");
        }

        var file = Path.Combine(_scratch, (++_files).ToString(System.Globalization.CultureInfo.InvariantCulture));
        long length = 0;
        var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            // A bounded buffer at a time, and never more than the entry declared (a zip entry can inflate past it).
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > declaredLength)
                {
                    throw new InvalidDataException($"{_source}: the entry '{Fetch.Digest.Printable(name)}' holds more than the {declaredLength} bytes it declares.");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
        }

        _bytes += length;
        var node = TreeNode.CreateFile(new DiskFileContent(file, length), mode);
        node.ModificationTime = mtime;
        Guard(name, () => Tree.Add(path, node));
        return node;
    }

    public void AddSymlink(string name, string target, long mtime)
    {
        Count();
        var path = Normalize(name) ?? throw new InvalidDataException($"{_source}: a link entry has no name.");
        if (string.IsNullOrEmpty(target))
        {
            throw new InvalidDataException($"{_source}: the link '{path}' has no target.");
        }

        if (!target.StartsWith('/') && Escapes(path, target))
        {
            throw new InvalidDataException($"{_source}: the link '{path}' points to '{Fetch.Digest.Printable(target)}', above the archive's root.");
        }

        var node = TreeNode.CreateSymlink(target);
        node.ModificationTime = mtime;
        Guard(name, () => Tree.Add(path, node));
    }

    /// <summary>A hard link: <paramref name="name"/> becomes another name of the regular file <paramref name="target"/>.</summary>
    public void AddHardLink(string name, string target)
    {
        Count();
        var path = Normalize(name) ?? throw new InvalidDataException($"{_source}: a hard link entry has no name.");
        var existing = Normalize(target) is { } t ? Tree.Find(t) : null;
        if (existing is not { Kind: EntryKind.RegularFile })
        {
            throw new InvalidDataException($"{_source}: the hard link '{path}' names '{Fetch.Digest.Printable(target)}', which is no earlier file of the archive.");
        }

        Guard(name, () => Tree.Add(path, existing));
    }

    /// <summary>Puts an existing node (a hard link of a format that numbers inodes) at <paramref name="name"/>.</summary>
    public void AddNode(string name, TreeNode node)
    {
        Count();
        var path = Normalize(name) ?? throw new InvalidDataException($"{_source}: an entry has no name.");
        Guard(name, () => Tree.Add(path, node));
    }

    /// <summary>Whether the relative <paramref name="target"/> of the link at <paramref name="path"/> climbs above the root.</summary>
    private static bool Escapes(string path, string target)
    {
        var depth = path.Count(c => c == '/');
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch
            {
                ".." => -1,
                "." => 0,
                _ => 1,
            };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Count()
    {
        if (++_entries > MaxEntries)
        {
            throw new InvalidDataException($"{_source}: has more than {MaxEntries} entries, the limit.");
        }
    }

    private T Guard<T>(string name, Func<T> add)
    {
        try
        {
            return add();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{_source}: the entry '{Fetch.Digest.Printable(name)}' cannot be placed: {e.Message}", e);
        }
    }

    private void Guard(string name, Action add) => Guard(name, () =>
    {
        add();
        return 0;
    });
}
