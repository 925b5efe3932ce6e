using System.Buffers.Binary;
using Flix.Core.Tree;
using Flix.Erofs.Format;
using Microsoft.Win32.SafeHandles;

namespace Flix.Erofs.Reading;

/// <summary>
/// An EROFS image opened for reading: its superblock, its entries and the contents of its files — enough to
/// inspect an extension that mkfs.erofs wrote (compact and extended inodes, plain and inline data, lz4 with
/// compacted or full indexes, big physical clusters, tail packing). Every malformed structure raises
/// <see cref="InvalidDataException"/> naming the image and the offset; a valid but unsupported feature raises
/// <see cref="NotSupportedException"/>. Offsets are checked against the file before anything is read or allocated,
/// and directory loops are detected. An instance may be used from several threads.
/// </summary>
public sealed partial class ErofsImage : IDisposable
{
    private readonly SafeFileHandle _handle;
    private ErofsEntry? _root;

    private ErofsImage(SafeFileHandle handle, string name, ErofsSuperblock superblock, long fileLength)
    {
        _handle = handle;
        Name = name;
        Superblock = superblock;
        FileLength = fileLength;
    }

    /// <summary>The image's name in messages (the path it was opened from).</summary>
    public string Name { get; }

    public ErofsSuperblock Superblock { get; }

    /// <summary>The length of the image file.</summary>
    public long FileLength { get; }

    public int BlockSize => Superblock.BlockSize;

    /// <summary>The root directory (its <see cref="ErofsEntry.Path"/> is empty).</summary>
    public ErofsEntry Root => _root ??= ReadRoot();

    /// <summary>Opens the image at <paramref name="path"/> and checks its superblock.</summary>
    public static ErofsImage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> buffer = stackalloc byte[ErofsConstants.SuperblockSize];
            int read = length >= ErofsConstants.SuperblockOffset + ErofsConstants.SuperblockSize
                ? RandomAccess.Read(handle, buffer, ErofsConstants.SuperblockOffset)
                : 0;
            var superblock = ErofsSuperblock.Read(buffer[..read], path);
            long claimed = (long)superblock.Blocks << superblock.BlockSizeBits;
            if (claimed > length)
            {
                ThrowHelper.Invalid(path, $"the superblock (offset {ErofsConstants.SuperblockOffset}) says {superblock.Blocks} blocks of {superblock.BlockSize} bytes ({claimed} bytes), but the image has {length}: it is truncated.");
            }

            return new ErofsImage(handle, path, superblock, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Every entry below the root (the root excluded), depth first, each directory's entries in their stored
    /// (byte-sorted) order. Hard links appear once per name, with the same <see cref="ErofsEntry.Nid"/>.
    /// </summary>
    public IEnumerable<ErofsEntry> Walk() =>
        ImageWalk.Walk<ErofsEntry, (ulong Nid, int FileType), ErofsInode, ulong>(Name, Root.Inode!, Root.Nid, ListDirectory, OpenEntry);

    private IEnumerable<(string Name, (ulong Nid, int FileType) Child)> ListDirectory(ErofsInode directory, string path) =>
        ReadDirectory(directory, path).Select(item => (item.Name, (item.Nid, item.FileType)));

    private (ErofsEntry Entry, ErofsInode? Directory, ulong Key) OpenEntry(string path, (ulong Nid, int FileType) item)
    {
        var inode = ReadInode(item.Nid, $"the inode of '{path}'");
        if (item.FileType != 0 && FileTypeOf(inode.FileType) != item.FileType)
        {
            ThrowHelper.Invalid(Name, $"the directory entry '{path}' says file type {item.FileType}, but its inode (nid {item.Nid}, offset {inode.Position}) has mode {UnixMode.Octal(inode.Mode)}.");
        }

        return (CreateEntry(path, inode), inode.FileType == UnixFileTypes.Directory ? inode : null, item.Nid);
    }

    /// <summary>A read-only, forward-only stream of a regular file's contents.</summary>
    public Stream OpenFile(ErofsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != EntryKind.RegularFile || entry.Inode is null || !ReferenceEquals(entry.Image, this))
        {
            throw new ArgumentException($"'{entry.Path}' is not a regular file of this image.", nameof(entry));
        }

        return OpenData(entry.Inode, entry.Path);
    }

    /// <summary>
    /// The whole image as a <see cref="FileTree"/>: metadata is read now, file contents lazily from this image
    /// (keep it open while the tree's contents are used). Hard links become one shared node.
    /// </summary>
    public FileTree ReadTree()
    {
        var assembler = new TreeAssembler<ulong>(Name, Root.Nid, Node(Root));
        foreach (var entry in Walk())
        {
            assembler.Add(entry.Path, entry.Nid, entry.Kind, () => Node(entry));
        }

        return assembler.Tree;
    }

    private TreeNode Node(ErofsEntry entry) => ImageNode.Create(
        entry.Kind, entry.Mode, () => new ErofsFileContent(this, entry), entry.LinkTarget, (entry.DeviceMajor, entry.DeviceMinor),
        (entry.Uid, entry.Gid), entry.ModificationTime, entry.Xattrs);

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>, or throws naming <paramref name="what"/>.</summary>
    internal void ReadAt(long offset, Span<byte> buffer, string what)
    {
        if (offset < 0 || offset > FileLength - buffer.Length)
        {
            ThrowHelper.Invalid(Name, $"{what}: {buffer.Length} bytes at offset {offset} pass the end of the {FileLength}-byte image.");
        }

        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(_handle, buffer, offset);
            if (read == 0)
            {
                ThrowHelper.Invalid(Name, $"{what}: the image ended while reading offset {offset}.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    private ErofsEntry ReadRoot()
    {
        var inode = ReadInode(Superblock.RootNid, "the root inode");
        if (inode.FileType != UnixFileTypes.Directory)
        {
            ThrowHelper.Invalid(Name, $"the root nid {Superblock.RootNid} (offset {inode.Position}) has mode {UnixMode.Octal(inode.Mode)}, not a directory.");
        }

        return CreateEntry(string.Empty, inode);
    }

    private ErofsEntry CreateEntry(string path, ErofsInode inode)
    {
        var kind = inode.FileType switch
        {
            UnixFileTypes.Directory => EntryKind.Directory,
            UnixFileTypes.RegularFile => EntryKind.RegularFile,
            UnixFileTypes.Symlink => EntryKind.Symlink,
            UnixFileTypes.CharacterDevice => EntryKind.CharacterDevice,
            UnixFileTypes.BlockDevice => EntryKind.BlockDevice,
            UnixFileTypes.Fifo => EntryKind.Fifo,
            UnixFileTypes.Socket => EntryKind.Socket,
            _ => throw new InvalidDataException($"{Name}: '{path}' (nid {inode.Nid}, offset {inode.Position}) has mode {UnixMode.Octal(inode.Mode)}, which is no file type."),
        };
        bool device = kind is EntryKind.CharacterDevice or EntryKind.BlockDevice;
        return new ErofsEntry
        {
            Path = path,
            Kind = kind,
            Mode = inode.Mode & TreeNode.PermissionMask,
            Uid = inode.Uid,
            Gid = inode.Gid,
            ModificationTime = inode.ModificationTime,
            Size = kind is EntryKind.RegularFile or EntryKind.Directory or EntryKind.Symlink ? inode.Size : 0,
            LinkTarget = kind == EntryKind.Symlink ? ReadLinkTarget(inode, path) : null,
            DeviceMajor = device ? (inode.Union & 0xFFF00) >> 8 : 0,
            DeviceMinor = device ? (inode.Union & 0xFF) | ((inode.Union >> 12) & 0xFFF00) : 0,
            Nid = inode.Nid,
            LinkCount = inode.LinkCount,
            DataLayout = inode.DataLayout,
            Xattrs = ReadXattrs(inode, path),
            Inode = inode,
            Image = this,
        };
    }

    private ErofsFileStream OpenData(ErofsInode inode, string path)
    {
        var pieces = inode.DataLayout switch
        {
            ErofsDataLayout.FlatPlain => FlatDataReader.Read(this, inode, path, inlineTail: false),
            ErofsDataLayout.FlatInline => FlatDataReader.Read(this, inode, path, inlineTail: true),
            ErofsDataLayout.CompressedFull or ErofsDataLayout.CompressedCompact => CompressedDataReader.Read(this, inode, path),
            _ => throw new NotSupportedException($"{Name}: '{path}' (nid {inode.Nid}) stores its data {inode.DataLayout}, which this reader does not implement."),
        };
        return new ErofsFileStream(pieces, inode.Size, $"{Name}: '{path}' (nid {inode.Nid})");
    }

    /// <summary>The whole data of a small inode (a directory or a symlink), refusing more than <paramref name="limit"/> bytes.</summary>
    private byte[] ReadSmallData(ErofsInode inode, string path, long limit, string kind)
    {
        if (inode.Size > limit)
        {
            ThrowHelper.Invalid(Name, $"the {kind} '{path}' (nid {inode.Nid}) claims {inode.Size} bytes, more than the {limit} allowed.");
        }

        var data = new byte[inode.Size];
        using var stream = OpenData(inode, path);
        stream.ReadExactly(data);
        return data;
    }

    private static int FileTypeOf(uint type) => type switch
    {
        UnixFileTypes.RegularFile => 1,
        UnixFileTypes.Directory => 2,
        UnixFileTypes.CharacterDevice => 3,
        UnixFileTypes.BlockDevice => 4,
        UnixFileTypes.Fifo => 5,
        UnixFileTypes.Socket => 6,
        UnixFileTypes.Symlink => 7,
        _ => 0,
    };
}
