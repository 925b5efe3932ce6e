using Flix.Core.Tree;

namespace Flix.TestSupport.Trees;

/// <summary>Compares two trees entry by entry: kind, mode, owner, time, xattrs, content, link target, device, hard links.</summary>
public static class TreeAssert
{
    /// <param name="compareRoot">Also compare the root nodes' metadata.</param>
    /// <param name="expectedTime">When set, every entry must carry this time instead of the expected tree's.</param>
    /// <param name="ignoreXattr">Xattr names present on one side only by nature of the medium.</param>
    public static void Equal(FileTree expected, FileTree actual, bool compareRoot = true, long? expectedTime = null, Func<string, bool>? ignoreXattr = null)
    {
        var expectedEntries = expected.Walk().ToList();
        var actualEntries = actual.Walk().ToList();
        Assert.Equal(expectedEntries.Select(e => e.Path), actualEntries.Select(e => e.Path));
        if (compareRoot)
        {
            NodeEqual("/", expected.Root, actual.Root, expectedTime, ignoreXattr);
        }

        for (int i = 0; i < expectedEntries.Count; i++)
        {
            NodeEqual(expectedEntries[i].Path, expectedEntries[i].Node, actualEntries[i].Node, expectedTime, ignoreXattr);
        }

        Assert.Equal(HardLinkGroups(expected), HardLinkGroups(actual));
    }

    private static void NodeEqual(string path, TreeNode expected, TreeNode actual, long? expectedTime, Func<string, bool>? ignoreXattr)
    {
        Assert.True(expected.Kind == actual.Kind, $"{path}: kind {actual.Kind}, expected {expected.Kind}");
        if (expected.Kind != EntryKind.Symlink)
        {
            Assert.True(expected.Mode == actual.Mode, $"{path}: mode {Convert.ToString(actual.Mode, 8)}, expected {Convert.ToString(expected.Mode, 8)}");
        }

        Assert.True(expected.Uid == actual.Uid && expected.Gid == actual.Gid, $"{path}: owner {actual.Uid}:{actual.Gid}, expected {expected.Uid}:{expected.Gid}");
        long time = expectedTime ?? expected.ModificationTime;
        Assert.True(time == actual.ModificationTime, $"{path}: mtime {actual.ModificationTime}, expected {time}");
        var expectedXattrs = expected.ExtendedAttributes.Where(x => ignoreXattr?.Invoke(x.Key) != true).Select(x => $"{x.Key}={Convert.ToHexString(x.Value)}");
        var actualXattrs = actual.ExtendedAttributes.Where(x => ignoreXattr?.Invoke(x.Key) != true).Select(x => $"{x.Key}={Convert.ToHexString(x.Value)}");
        Assert.True(expectedXattrs.SequenceEqual(actualXattrs), $"{path}: xattrs [{string.Join(", ", actualXattrs)}], expected [{string.Join(", ", expectedXattrs)}]");
        Assert.Equal(expected.LinkTarget, actual.LinkTarget);
        Assert.True(expected.DeviceMajor == actual.DeviceMajor && expected.DeviceMinor == actual.DeviceMinor, $"{path}: device numbers differ");
        Assert.True(expected.Size == actual.Size, $"{path}: size {actual.Size}, expected {expected.Size}");
        if (expected.Kind == EntryKind.RegularFile)
        {
            Assert.True(ReadAll(expected.Content!).SequenceEqual(ReadAll(actual.Content!)), $"{path}: content differs");
        }
    }

    /// <summary>The paths of each node reached more than once, as sorted groups.</summary>
    public static List<string> HardLinkGroups(FileTree tree) =>
        tree.Walk()
            .Where(e => !e.Node.IsDirectory)
            .GroupBy(e => e.Node, ReferenceEqualityComparer.Instance)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(e => e.Path).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static byte[] ReadAll(FileContent content)
    {
        using var stream = content.OpenRead();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
