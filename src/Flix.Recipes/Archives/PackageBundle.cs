using Flix.Core.Tree;
using Flix.Recipes.Model;

namespace Flix.Recipes.Archives;

/// <summary>
/// An archive of packages (a release tarball of .deb or .rpm files): the packages an artifact's <c>packages</c> globs
/// name are unpacked in turn by <see cref="ArchiveUnpacker"/>, with all its confinement, and their payloads merged
/// into one tree. Folders merge; a path two packages ship is kept only when both ship the same thing.
/// </summary>
internal static class PackageBundle
{
    private const int ListedEntries = 12;
    private const int CompareBufferSize = 64 * 1024;

    /// <summary>
    /// The merged payloads of the packages in <paramref name="archive"/> (as <see cref="ArchiveUnpacker"/> staged it) that <paramref name="globs"/> match, in the
    /// order of the globs (and of the entries within one glob). <paramref name="key"/> names the recipe key in messages.
    /// </summary>
    public static async Task<FileTree> UnpackAsync(
        FileTree archive, IReadOnlyList<Glob> globs, string key, string source, string scratchDirectory, CancellationToken ct)
    {
        var merged = new FileTree();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = archive.Walk().Where(e => e.Node.Kind == EntryKind.RegularFile).ToList();
        var unpacked = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        long entries = 0;
        for (var i = 0; i < globs.Count; i++)
        {
            var matches = files.Where(e => globs[i].IsMatch(e.Path)).ToList();
            if (matches.Count == 0)
            {
                var listing = string.Join(", ", files.Take(ListedEntries).Select(e => e.Path)) + (files.Count > ListedEntries ? ", …" : string.Empty);
                throw new InvalidDataException($"{key}[{i}]: '{globs[i]}' matches no package in {source}; it holds {listing}.");
            }

            foreach (var (path, node) in matches.Where(m => unpacked.Add(m.Path)))
            {
                var package = $"{path} in {source}";
                var payload = await UnpackPackageAsync(node, path, package, $"{key}[{i}]", Path.Combine(scratchDirectory, $"package-{unpacked.Count}"), ct).ConfigureAwait(false);
                await MergeAsync(merged, payload, owners, package, ct).ConfigureAwait(false);

                // Each package is bounded by the unpacker; the bundle as a whole is held to the same limits.
                foreach (var (_, entry) in payload.Walk())
                {
                    bytes += entry.Kind == EntryKind.RegularFile ? entry.Content!.Length : 0;
                    if (++entries > StagingTree.MaxEntries || bytes > StagingTree.MaxBytes)
                    {
                        throw new InvalidDataException($"{source}: its packages unpack to more than {StagingTree.MaxEntries} entries or {StagingTree.MaxBytes} bytes, the limits.");
                    }
                }
            }
        }

        return merged;
    }

    private static async Task<FileTree> UnpackPackageAsync(TreeNode node, string path, string package, string key, string scratch, CancellationToken ct)
    {
        // The archive was staged by the unpacker, which keeps every file's bytes on disk.
        var file = ((DiskFileContent)node.Content!).Path;
        var format = await FormatSniffer.SniffFileAsync(file, ct).ConfigureAwait(false);
        if (format is not (ArchiveFormat.Deb or ArchiveFormat.Rpm))
        {
            throw new InvalidDataException($"{key}: {package} is no .deb or .rpm package (the data is {ArchiveFormats.NameOf(format)}).");
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        var (tree, _) = await ArchiveUnpacker.UnpackAsync(file, format, name, package, Path.Combine(scratch, "payload"), ct).ConfigureAwait(false);
        return tree;
    }

    /// <summary>Adds every entry of <paramref name="payload"/> to <paramref name="merged"/>, refusing a path another package ships differently.</summary>
    private static async Task MergeAsync(FileTree merged, FileTree payload, Dictionary<string, string> owners, string package, CancellationToken ct)
    {
        foreach (var (path, node) in payload.Walk())
        {
            var existing = merged.Find(path);
            if (existing is null)
            {
                merged.Add(path, node.IsDirectory ? TreeNode.CreateDirectory(node.Mode).CopyAttributesFrom(node) : node);
                owners[path] = package;
                continue;
            }

            if (!await SameAsync(existing, node, ct).ConfigureAwait(false))
            {
                var other = owners.GetValueOrDefault(path, "another package");
                throw new InvalidDataException($"{package} and {other} both ship '{Fetch.Digest.Printable(path)}', differently.");
            }
        }
    }

    /// <summary>Whether two packages' entries at one path agree: two folders, two equal links, or two files of equal mode and bytes.</summary>
    private static async Task<bool> SameAsync(TreeNode a, TreeNode b, CancellationToken ct)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            EntryKind.Directory => true,
            EntryKind.Symlink => a.LinkTarget == b.LinkTarget,
            EntryKind.RegularFile => (a.Mode & TreeNode.PermissionMask) == (b.Mode & TreeNode.PermissionMask)
                && a.Content!.Length == b.Content!.Length
                && await SameBytesAsync(a.Content, b.Content, ct).ConfigureAwait(false),
            _ => false,
        };
    }

    private static async Task<bool> SameBytesAsync(FileContent a, FileContent b, CancellationToken ct)
    {
        var left = a.OpenRead();
        await using (left.ConfigureAwait(false))
        {
            var right = b.OpenRead();
            await using (right.ConfigureAwait(false))
            {
                var x = new byte[CompareBufferSize];
                var y = new byte[CompareBufferSize];
                while (true)
                {
                    var read = await left.ReadAtLeastAsync(x, x.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    var other = await right.ReadAtLeastAsync(y, y.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    if (read != other || !x.AsSpan(0, read).SequenceEqual(y.AsSpan(0, other)))
                    {
                        return false;
                    }

                    if (read < x.Length)
                    {
                        return true;
                    }
                }
            }
        }
    }
}
