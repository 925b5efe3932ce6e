namespace Flix.Core.Tree.Overlay;

/// <summary>
/// The difference between a root as an image describes it (owners, modes, device nodes, xattrs) and the same root
/// as an unprivileged process could write it to disk. Kept beside the root (<see cref="MetadataOverlayFile"/>) so
/// that a later read of the directory gets the image's metadata back, for the entries nobody changed since.
/// </summary>
public sealed class MetadataOverlay
{
    public MetadataOverlay(IReadOnlyList<MetadataOverlayEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
    }

    /// <summary>The differing entries, in the order of a walk of the image's tree.</summary>
    public IReadOnlyList<MetadataOverlayEntry> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>
    /// Compares <paramref name="image"/> (the model) with <paramref name="disk"/> (the same root read back from disk);
    /// entries missing from either side are left out.
    /// </summary>
    public static MetadataOverlay Diff(FileTree image, FileTree disk)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(disk);
        var entries = new List<MetadataOverlayEntry>();
        Compare(string.Empty, image.Root, disk.Root, entries);
        foreach (var (path, node) in image.Walk())
        {
            if (disk.Find(path) is { } onDisk)
            {
                Compare(path, node, onDisk, entries);
            }
        }

        return new MetadataOverlay(entries);
    }

    /// <summary>
    /// Gives each entry of <paramref name="disk"/> (a tree read from the directory) the image's metadata, where its
    /// metadata is still what was left on disk; an entry someone changed since keeps its new metadata. A placeholder
    /// for a device node or fifo becomes that node again.
    /// </summary>
    public MetadataOverlayApplyResult ApplyTo(FileTree disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        int applied = 0, changed = 0, missing = 0;
        foreach (var entry in Entries)
        {
            var node = entry.Path.Length == 0 ? disk.Root : disk.Find(entry.Path);
            if (node is null)
            {
                missing++;
            }
            else if (!entry.Disk.Describes(node))
            {
                changed++;
            }
            else
            {
                Restore(disk, entry, node);
                applied++;
            }
        }

        return new MetadataOverlayApplyResult(applied, changed, missing);
    }

    private static void Compare(string path, TreeNode image, TreeNode disk, List<MetadataOverlayEntry> entries)
    {
        var wanted = NodeMetadata.Of(image);
        if (!wanted.Describes(disk))
        {
            entries.Add(new MetadataOverlayEntry(path, wanted, NodeMetadata.Of(disk)));
        }
    }

    private static void Restore(FileTree disk, MetadataOverlayEntry entry, TreeNode node)
    {
        var image = entry.Image;
        if (image.Kind != node.Kind)
        {
            // Only an empty placeholder file may turn into what it stands for; anything else keeps its kind.
            if (node.Kind != EntryKind.RegularFile || node.Size != 0 || !IsPlaceholderKind(image.Kind))
            {
                return;
            }

            var replacement = image.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice
                ? TreeNode.CreateDevice(image.Kind, image.DeviceMajor, image.DeviceMinor)
                : TreeNode.CreateSpecial(image.Kind);
            replacement.ModificationTime = node.ModificationTime;
            disk.Add(entry.Path, replacement);
            node = replacement;
        }

        node.Mode = image.Mode;
        node.Uid = image.Uid;
        node.Gid = image.Gid;
        node.ExtendedAttributes.Clear();
        foreach (var (name, value) in image.ExtendedAttributes)
        {
            node.ExtendedAttributes[name] = value;
        }
    }

    private static bool IsPlaceholderKind(EntryKind kind) =>
        kind is EntryKind.CharacterDevice or EntryKind.BlockDevice or EntryKind.Fifo or EntryKind.Socket;
}
