using Flix.IntegrationTests.Infrastructure;
using Flix.Tests.Shared;

namespace Flix.IntegrationTests.Oracles;

/// <summary>
/// A directory tree as <see cref="TreeListingFiles"/> sees it. The same shell function runs on the host (a source
/// tree, an extracted tree) or inside a private namespace (a kernel mount), so both sides are seen by the same tools.
/// </summary>
public sealed class TreeSnapshot
{
    /// <summary>Shell function <c>snapshot DIR OUTPREFIX</c>; see <see cref="TreeListingFiles.ShellFunction"/>.</summary>
    public const string ShellFunction = TreeListingFiles.ShellFunction;

    private TreeSnapshot(IReadOnlyDictionary<string, TreeEntry> entries) => Entries = entries;

    /// <summary>Entries by path relative to the snapshot root ("" is the root itself).</summary>
    public IReadOnlyDictionary<string, TreeEntry> Entries { get; }

    /// <summary>Snapshots <paramref name="directory"/> from this (host) namespace.</summary>
    public static async Task<TreeSnapshot> TakeAsync(string directory, string scratchDirectory, CancellationToken ct = default)
    {
        string prefix = Path.Combine(scratchDirectory, "snapshot-" + Guid.NewGuid().ToString("N"));
        var result = await ProcessRunner.RunAsync("sh", ["-c", ShellFunction + "\nsnapshot \"$1\" \"$2\"", "flix-it", directory, prefix], ct: ct);
        result.EnsureSuccess();
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

    /// <summary>Paths of non-directories that share an inode, as sorted groups of two or more.</summary>
    public IReadOnlyList<string> HardLinkGroups() => TreeListingFiles.HardLinkGroups(Entries.Values);
}
