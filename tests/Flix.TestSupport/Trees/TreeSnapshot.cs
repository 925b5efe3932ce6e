using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Trees;

/// <summary>
/// A directory tree as <see cref="TreeListingFiles"/> sees it (find, stat, sha256sum, getfattr; symlinks never
/// followed). The same shell function runs on the host (a source tree, an extracted tree) or inside a private
/// namespace (a kernel mount), so both sides are seen by the same tools.
/// </summary>
public sealed class TreeSnapshot
{
    /// <summary>Shell function <c>snapshot DIR OUTPREFIX</c>; see <see cref="TreeListingFiles.ShellFunction"/>.</summary>
    public const string ShellFunction = TreeListingFiles.ShellFunction;

    private TreeSnapshot(IReadOnlyDictionary<string, TreeEntry> entries) => Entries = entries;

    /// <summary>Entries by path relative to the snapshot root ("" is the root itself), sorted ordinally.</summary>
    public IReadOnlyDictionary<string, TreeEntry> Entries { get; }

    /// <summary>
    /// Snapshots <paramref name="directory"/> from this (host) namespace; the listing files go to
    /// <paramref name="scratchDirectory"/>, or to a temp folder of their own.
    /// </summary>
    public static async Task<TreeSnapshot> TakeAsync(string directory, string? scratchDirectory = null, CancellationToken ct = default)
    {
        HostTools.Require("getfattr");
        using var own = scratchDirectory is null ? new TempDirectory("flix-snapshot-") : null;
        string prefix = Path.Combine(scratchDirectory ?? own!.Path, "snapshot-" + Guid.NewGuid().ToString("N"));
        await ProcessRunner.RunCheckedAsync("sh", ["-c", ShellFunction + "\nsnapshot \"$1\" \"$2\"", "flix-snapshot", Path.GetFullPath(directory), prefix], ct);
        try
        {
            return Load(prefix);
        }
        finally
        {
            DeleteFiles(prefix);
        }
    }

    /// <summary>Reads the files written by <see cref="ShellFunction"/> under <paramref name="prefix"/>.</summary>
    public static TreeSnapshot Load(string prefix) => new(TreeListingFiles.Read(prefix));

    public static void DeleteFiles(string prefix) => TreeListingFiles.DeleteFiles(prefix);

    /// <summary>Paths of non-directories that share an inode, as sorted groups "a = b" of two or more.</summary>
    public IReadOnlyList<string> HardLinkGroups() => TreeListingFiles.HardLinkGroups(Entries.Values);
}
