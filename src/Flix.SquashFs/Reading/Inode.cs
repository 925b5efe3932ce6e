using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

/// <summary>A parsed inode, with the type-specific fields the reader needs.</summary>
internal sealed class Inode
{
    public required InodeType Type { get; init; }

    /// <summary>The inode reference it was read from: (block position in the inode table &lt;&lt; 16) | offset.</summary>
    public required ulong Reference { get; init; }

    public required ushort Mode { get; init; }

    public required ushort UidIndex { get; init; }

    public required ushort GidIndex { get; init; }

    public required uint ModificationTime { get; init; }

    public required uint Number { get; init; }

    public required uint LinkCount { get; init; }

    /// <summary>File size, directory listing size + 3, or symlink target length.</summary>
    public ulong FileSize { get; init; }

    public uint Xattr { get; init; } = SquashFsConstants.NoXattr;

    // Directories.
    public uint DirectoryBlockStart { get; init; }

    public ushort DirectoryOffset { get; init; }

    public uint ParentInode { get; init; }

    // Regular files.
    public ulong BlocksStart { get; init; }

    public uint Fragment { get; init; } = SquashFsConstants.NoFragment;

    public uint FragmentOffset { get; init; }

    public ulong Sparse { get; init; }

    /// <summary>Number of words in the block list.</summary>
    public long BlockCount { get; init; }

    /// <summary>Where the block list starts in the inode table.</summary>
    public MetadataPosition BlockList { get; init; }

    // Symlinks and devices.
    public string? Target { get; init; }

    public uint Rdev { get; init; }

    public InodeType BasicType => Type >= InodeType.ExtendedDirectory ? Type - 7 : Type;

    public bool HasFragment => Fragment != SquashFsConstants.NoFragment;
}
