using System.Text;
using Flix.Core.Tree;

namespace Flix.SquashFs.Writing;

/// <summary>
/// The deterministic layout decisions taken before any byte is written: inode numbers in pre-order over
/// byte-sorted entries with the root last (as mksquashfs numbers them), link counts, parents, and the
/// regular files in the order their data is stored.
/// </summary>
internal sealed class ImagePlan
{
    private readonly Dictionary<TreeNode, InodeInfo> _inodes = new(ReferenceEqualityComparer.Instance);
    private uint _nextNumber = 1;

    private ImagePlan(FileTree tree)
    {
        var rootNode = tree.Root;
        var root = new InodeInfo(rootNode, "/", 0);
        _inodes.Add(rootNode, root);
        Root = root;
        AddDirectory(root);
        root.Number = _nextNumber;
        root.ParentNumber = _nextNumber + 1;
        InodeCount = _nextNumber;
        AssignParents();
    }

    public InodeInfo Root { get; }

    public uint InodeCount { get; }

    /// <summary>Distinct regular files in the order their data is stored (first occurrence in pre-order).</summary>
    public List<InodeInfo> Files { get; } = [];

    public static ImagePlan Create(FileTree tree) => new(tree);

    private void AddDirectory(InodeInfo directory)
    {
        var children = directory.Node.Children;
        var entries = new List<DirectoryEntryInfo>(children.Count);
        byte[]? previous = null;
        foreach (var (name, node) in children)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            string path = directory.Path == "/" ? "/" + name : directory.Path + "/" + name;
            if (nameBytes.Length is 0 or > TreeNode.MaxNameBytes)
            {
                WriterThrowHelper.ThrowNameTooLong(path, nameBytes.Length);
            }

            if (previous is not null && previous.AsSpan().SequenceCompareTo(nameBytes) >= 0)
            {
                WriterThrowHelper.ThrowUnsorted(directory.Path, name);
            }

            previous = nameBytes;
            if (_inodes.TryGetValue(node, out var existing))
            {
                if (node.IsDirectory)
                {
                    WriterThrowHelper.ThrowDirectoryHardLink(existing.Path, path);
                }

                existing.LinkCount++;
                entries.Add(new DirectoryEntryInfo(nameBytes, existing));
                continue;
            }

            var info = new InodeInfo(node, path, _nextNumber++);
            _inodes.Add(node, info);
            entries.Add(new DirectoryEntryInfo(nameBytes, info));
            if (node.IsDirectory)
            {
                AddDirectory(info);
            }
            else if (node.Kind == EntryKind.RegularFile)
            {
                Files.Add(info);
            }
        }

        directory.Entries = entries;
        directory.LinkCount = 2;
        foreach (var entry in entries)
        {
            if (entry.Inode.Node.IsDirectory)
            {
                directory.LinkCount++;
            }
        }
    }

    /// <summary>Sets every directory's parent number; the root's parent is inode_count + 1, as mksquashfs writes.</summary>
    private void AssignParents()
    {
        var stack = new Stack<InodeInfo>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var directory = stack.Pop();
            foreach (var entry in directory.Entries!)
            {
                if (entry.Inode.Node.IsDirectory)
                {
                    entry.Inode.ParentNumber = directory.Number;
                    stack.Push(entry.Inode);
                }
            }
        }
    }
}
