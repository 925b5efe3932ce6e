using Flix.Core.Tree;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

/// <summary>What the writer knows about one distinct inode (a hard-linked node appears once).</summary>
internal sealed class InodeInfo
{
    public InodeInfo(TreeNode node, string path, uint number)
    {
        Node = node;
        Path = path;
        Number = number;
    }

    public TreeNode Node { get; }

    /// <summary>The first path under which the node was found, for messages.</summary>
    public string Path { get; }

    /// <summary>Inode number, 1..inode_count.</summary>
    public uint Number { get; set; }

    /// <summary>How many directory entries point at this inode.</summary>
    public uint LinkCount { get; set; } = 1;

    /// <summary>Number of the directory holding this one (directories only).</summary>
    public uint ParentNumber { get; set; }

    /// <summary>Byte-sorted entries of a directory; null for other kinds.</summary>
    public List<DirectoryEntryInfo>? Entries { get; set; }

    /// <summary>Where a regular file's data lies, once the data phase has placed it.</summary>
    public FileData? Data { get; set; }

    /// <summary>The inode's ref in the inode table, once written.</summary>
    public ulong Reference { get; set; }

    public bool Written { get; set; }

    public InodeType BasicType => Node.Kind switch
    {
        EntryKind.Directory => InodeType.Directory,
        EntryKind.RegularFile => InodeType.File,
        EntryKind.Symlink => InodeType.Symlink,
        EntryKind.BlockDevice => InodeType.BlockDevice,
        EntryKind.CharacterDevice => InodeType.CharacterDevice,
        EntryKind.Fifo => InodeType.Fifo,
        EntryKind.Socket => InodeType.Socket,
        _ => throw new NotSupportedException($"'{Path}' has the unsupported kind {Node.Kind}."),
    };
}

/// <summary>One named entry of a directory.</summary>
internal readonly record struct DirectoryEntryInfo(byte[] Name, InodeInfo Inode);

/// <summary>The placement of a regular file's data: full blocks from <see cref="BlocksStart"/> and an optional fragment tail.</summary>
internal sealed class FileData
{
    public FileData(ulong blocksStart, uint[] blockSizes, uint fragment, uint fragmentOffset)
    {
        BlocksStart = blocksStart;
        BlockSizes = blockSizes;
        Fragment = fragment;
        FragmentOffset = fragmentOffset;
    }

    public ulong BlocksStart { get; }

    /// <summary>The block-list words: stored size, bit 24 for raw, 0 for a sparse block.</summary>
    public uint[] BlockSizes { get; }

    public uint Fragment { get; }

    public uint FragmentOffset { get; }
}
