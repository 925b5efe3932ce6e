using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Oracles;

/// <summary>
/// Compares a source tree with what came out of an image (an extracted tree or a kernel mount) and
/// collects every difference, not just the first.
/// </summary>
public static class SnapshotComparer
{
    /// <summary>Differences between <paramref name="source"/> (mapped through <paramref name="expectation"/>) and <paramref name="actual"/>.</summary>
    public static List<string> Compare(TreeSnapshot source, TreeSnapshot actual, ImageExpectation expectation, bool compareXattrs = true)
    {
        var differences = new List<string>();
        foreach (var (path, expected) in source.Entries)
        {
            if (!actual.Entries.TryGetValue(path, out var found))
            {
                differences.Add($"'{path}' ({expected.Type}) is missing.");
                continue;
            }

            CompareEntry(expected, found, expectation, compareXattrs, differences);
        }

        foreach (var path in actual.Entries.Keys)
        {
            if (!source.Entries.ContainsKey(path) && !expectation.IsAdded(path))
            {
                differences.Add($"'{path}' is there but not in the source.");
            }
        }

        var expectedGroups = source.HardLinkGroups();
        var actualGroups = actual.HardLinkGroups();
        foreach (var group in expectedGroups.Except(actualGroups))
        {
            differences.Add($"hard links lost: {group} (found groups: {string.Join("; ", actualGroups)}).");
        }

        foreach (var group in actualGroups.Except(expectedGroups))
        {
            differences.Add($"unexpected hard-link group: {group}.");
        }

        return differences;
    }

    private static void CompareEntry(TreeEntry expected, TreeEntry actual, ImageExpectation expectation, bool compareXattrs, List<string> differences)
    {
        string path = expected.Path;
        void Check<T>(string what, T want, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(want, got))
            {
                differences.Add($"'{path}': {what} is {got}, expected {want}.");
            }
        }

        Check("type", expected.Type, actual.Type);
        if (expected.Type != actual.Type)
        {
            return;
        }

        Check("permissions", Convert.ToString(expected.Permissions, 8), Convert.ToString(actual.Permissions, 8));
        Check("uid", expectation.MapUid(expected.Uid), actual.Uid);
        Check("gid", expectation.MapGid(expected.Gid), actual.Gid);
        Check("mtime", expectation.MapTime(expected.ModificationTime), actual.ModificationTime);
        bool holdsAdded = expected.Type == 'd' && expectation.ContainsAdded(path);
        if (!holdsAdded)
        {
            Check("link count", expected.LinkCount, actual.LinkCount);
        }

        switch (expected.Type)
        {
            case 'f':
                Check("size", expected.Size, actual.Size);
                Check("sha256", expected.ContentHash, actual.ContentHash);
                break;
            case 'l':
                Check("symlink target", expected.LinkTarget, actual.LinkTarget);
                Check("size", expected.Size, actual.Size);
                break;
            case 'b' or 'c':
                Check("device", $"{expected.DeviceMajor},{expected.DeviceMinor}", $"{actual.DeviceMajor},{actual.DeviceMinor}");
                break;
        }

        if (compareXattrs)
        {
            string want = string.Join(", ", expected.Xattrs.Select(x => $"{x.Key}={x.Value}"));
            string got = string.Join(", ", actual.Xattrs.Select(x => $"{x.Key}={x.Value}"));
            Check("xattrs", want, got);
        }
    }
}
