namespace Flix.Core.Tree;

/// <summary>Makes the tree node of an entry an image reader found, whatever the format.</summary>
public static class ImageNode
{
    /// <summary>
    /// A node of <paramref name="kind"/> with its type-specific data (<paramref name="content"/> is asked for regular
    /// files only), its owner, time and xattrs (each value copied: an image may share them between entries).
    /// </summary>
    public static TreeNode Create(
        EntryKind kind, uint mode, Func<FileContent> content, string? linkTarget, (uint Major, uint Minor) device,
        (uint Uid, uint Gid) owner, long modificationTime, IReadOnlyDictionary<string, byte[]> xattrs)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(xattrs);
        var node = kind switch
        {
            EntryKind.Directory => TreeNode.CreateDirectory(mode),
            EntryKind.RegularFile => TreeNode.CreateFile(content(), mode),
            EntryKind.Symlink => TreeNode.CreateSymlink(linkTarget!),
            EntryKind.CharacterDevice or EntryKind.BlockDevice => TreeNode.CreateDevice(kind, device.Major, device.Minor, mode),
            _ => TreeNode.CreateSpecial(kind, mode),
        };
        node.Uid = owner.Uid;
        node.Gid = owner.Gid;
        node.ModificationTime = modificationTime;
        foreach (var (name, value) in xattrs)
        {
            node.ExtendedAttributes[name] = value.ToArray();
        }

        return node;
    }
}
