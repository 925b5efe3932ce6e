using Flix.Tests.Shared;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// A directory tree as <see cref="TreeListingFiles"/> sees it (find, stat, sha256sum, getfattr; symlinks never
/// followed), read from the host.
/// </summary>
public sealed class TreeListing
{
    private TreeListing(string root, IReadOnlyDictionary<string, TreeEntry> entries)
    {
        Root = root;
        Entries = entries;
    }

    public string Root { get; }

    /// <summary>Entries by path relative to the root, sorted ordinally.</summary>
    public IReadOnlyDictionary<string, TreeEntry> Entries { get; }

    public static async Task<TreeListing> ReadAsync(string directory, CancellationToken ct = default)
    {
        Tool.Require("getfattr");
        string root = Path.GetFullPath(directory);
        using var scratch = new ScratchDirectory("flix-listing-");
        string prefix = scratch.Combine("listing");
        await Tool.RunCheckedAsync("sh", ["-c", TreeListingFiles.ShellFunction + "\nsnapshot \"$1\" \"$2\"", "flix-listing", root, prefix], ct);
        return new TreeListing(root, TreeListingFiles.Read(prefix));
    }

    /// <summary>Paths of non-directories sharing an inode, as sorted groups "a = b" of two or more.</summary>
    public IReadOnlyList<string> HardLinkGroups() => TreeListingFiles.HardLinkGroups(Entries.Values);
}
