using System.Buffers.Binary;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;
using Microsoft.Win32.SafeHandles;

namespace Flix.SquashFs.Reading;

/// <summary>
/// A SquashFS 4.0 image opened for reading: its superblock, its entries and the contents of its files.
/// Every malformed structure raises <see cref="InvalidDataException"/> naming the image and the offset or field;
/// a valid but unsupported feature raises <see cref="NotSupportedException"/>. Sizes are checked against the file
/// and the format's limits before anything is allocated, and directory loops are detected.
/// An instance may be used from several threads.
/// </summary>
public sealed partial class SquashFsImage : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Compressor _compressor;
    private readonly long _bytesUsed;
    private readonly int _blockSize;
    private SquashFsEntry? _root;

    private SquashFsImage(SafeFileHandle handle, string name, Superblock superblock, long fileLength)
    {
        _handle = handle;
        Name = name;
        Superblock = superblock;
        _bytesUsed = (long)superblock.BytesUsed;
        _blockSize = (int)superblock.BlockSize;
        FileLength = fileLength;
        ValidateTables();
        CompressorOptions = ReadCompressorOptions();
        _compressor = CreateCompressor();
    }

    /// <summary>The image's name in messages (the path it was opened from).</summary>
    public string Name { get; }

    public Superblock Superblock { get; }

    /// <summary>The payload of the compressor-options block, or empty when the image has none.</summary>
    public ReadOnlyMemory<byte> CompressorOptions { get; }

    /// <summary>The length of the image file (bytes_used plus padding).</summary>
    public long FileLength { get; }

    /// <summary>The root directory (its <see cref="SquashFsEntry.Path"/> is empty).</summary>
    public SquashFsEntry Root => _root ??= ReadRoot();

    /// <summary>Opens the image at <paramref name="path"/> and checks its superblock and table layout.</summary>
    public static SquashFsImage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> buffer = stackalloc byte[SquashFsConstants.SuperblockSize];
            int read = length >= SquashFsConstants.SuperblockSize ? RandomAccess.Read(handle, buffer, 0) : 0;
            var superblock = Superblock.Read(buffer[..read], path);
            return new SquashFsImage(handle, path, superblock, length);
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
    /// (byte-sorted) order. Hard links appear once per name, with the same <see cref="SquashFsEntry.InodeNumber"/>.
    /// </summary>
    public IEnumerable<SquashFsEntry> Walk() =>
        ImageWalk.Walk<SquashFsEntry, DirectoryEntry, Inode, uint>(Name, Root.Inode!, Root.InodeNumber, ListDirectory, OpenEntry);

    private IEnumerable<(string Name, DirectoryEntry Child)> ListDirectory(Inode directory, string path) =>
        ReadDirectory(directory, path).Select(item => (item.Name, item));

    private (SquashFsEntry Entry, Inode? Directory, uint Key) OpenEntry(string path, DirectoryEntry item)
    {
        var inode = ReadInode(item.Reference, $"the inode of '{path}'");
        if (inode.BasicType != item.Type || inode.Number != item.InodeNumber)
        {
            ThrowHelper.Invalid(Name, $"the directory entry '{path}' says type {item.Type} and inode {item.InodeNumber}, but its inode is type {inode.Type} number {inode.Number}.");
        }

        return (CreateEntry(path, inode), inode.BasicType == InodeType.Directory ? inode : null, inode.Number);
    }

    /// <summary>A read-only, seekable stream of a regular file's contents.</summary>
    public Stream OpenFile(SquashFsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != EntryKind.RegularFile || entry.Inode is null || !ReferenceEquals(entry.Image, this))
        {
            throw new ArgumentException($"'{entry.Path}' is not a regular file of this image.", nameof(entry));
        }

        return new SquashFsFileStream(this, entry.Inode, entry.Path);
    }

    /// <summary>
    /// The whole image as a <see cref="FileTree"/>: metadata is read now, file contents lazily from this image
    /// (keep it open while the tree's contents are used). Hard links become one shared node.
    /// </summary>
    public FileTree ReadTree()
    {
        var assembler = new TreeAssembler<uint>(Name, Root.InodeNumber, Node(Root));
        foreach (var entry in Walk())
        {
            assembler.Add(entry.Path, entry.InodeNumber, entry.Kind, () => Node(entry));
        }

        return assembler.Tree;
    }

    private TreeNode Node(SquashFsEntry entry) => ImageNode.Create(
        entry.Kind, entry.Mode, () => new SquashFsFileContent(this, entry), entry.LinkTarget, (entry.DeviceMajor, entry.DeviceMinor),
        (entry.Uid, entry.Gid), entry.ModificationTime, entry.Xattrs);

    private SquashFsEntry ReadRoot()
    {
        var inode = ReadInode(Superblock.RootInode, "the root inode");
        if (inode.BasicType != InodeType.Directory)
        {
            ThrowHelper.Invalid(Name, $"the root inode 0x{Superblock.RootInode:x} is a {inode.Type}, not a directory.");
        }

        return CreateEntry(string.Empty, inode);
    }

    private SquashFsEntry CreateEntry(string path, Inode inode)
    {
        var kind = inode.BasicType switch
        {
            InodeType.Directory => EntryKind.Directory,
            InodeType.File => EntryKind.RegularFile,
            InodeType.Symlink => EntryKind.Symlink,
            InodeType.BlockDevice => EntryKind.BlockDevice,
            InodeType.CharacterDevice => EntryKind.CharacterDevice,
            InodeType.Fifo => EntryKind.Fifo,
            _ => EntryKind.Socket,
        };
        return new SquashFsEntry
        {
            Path = path,
            Kind = kind,
            InodeType = inode.Type,
            Mode = inode.Mode,
            Uid = LookupId(inode.UidIndex, path),
            Gid = LookupId(inode.GidIndex, path),
            ModificationTime = inode.ModificationTime,
            Size = kind is EntryKind.RegularFile or EntryKind.Directory or EntryKind.Symlink ? (long)inode.FileSize : 0,
            LinkTarget = inode.Target,
            DeviceMajor = kind is EntryKind.BlockDevice or EntryKind.CharacterDevice ? (inode.Rdev >> 8) & 0xFFF : 0,
            DeviceMinor = kind is EntryKind.BlockDevice or EntryKind.CharacterDevice ? (inode.Rdev & 0xFF) | ((inode.Rdev >> 12) & 0xFFF00) : 0,
            InodeNumber = inode.Number,
            LinkCount = inode.LinkCount,
            Xattrs = ReadXattrs(inode.Xattr, path),
            SparseBytes = inode.Sparse,
            Inode = inode,
            Image = this,
        };
    }

    private Compressor CreateCompressor()
    {
        var id = Superblock.Compressor;
        if (id is not (SquashFsCompression.Gzip or SquashFsCompression.Xz or SquashFsCompression.Lz4 or SquashFsCompression.Zstd))
        {
            ThrowHelper.Unsupported(Name, $"compressor {(ushort)id} at offset {SuperblockLayout.Compressor} is not supported (gzip, xz, lz4 and zstd are).");
        }

        if (id == SquashFsCompression.Lz4)
        {
            if (CompressorOptions.IsEmpty)
            {
                ThrowHelper.Invalid(Name, "an lz4 image must have a compressor options block (flag 0x0400), and this one has none.");
            }

            Lz4Compressor.ParseOptions(CompressorOptions.Span, Name);
        }

        return Compressor.Create(id, _blockSize);
    }

    private ReadOnlyMemory<byte> ReadCompressorOptions()
    {
        if (!Superblock.Flags.HasFlag(SuperblockFlags.CompressorOptions))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // An ordinary metadata block right after the superblock; mksquashfs stores it uncompressed, and a
        // compressed one could not be decoded before the options are known, so only that form is accepted.
        const long position = SquashFsConstants.SuperblockSize;
        Span<byte> header = stackalloc byte[SquashFsConstants.MetadataHeaderSize];
        ReadAt(position, header, "the compressor options header");
        ushort word = BinaryPrimitives.ReadUInt16LittleEndian(header);
        int length = word & ~SquashFsConstants.MetadataUncompressedBit;
        if ((word & SquashFsConstants.MetadataUncompressedBit) == 0 || length == 0 || length > 64)
        {
            ThrowHelper.Invalid(Name, $"the compressor options block at offset {position} has header 0x{word:x4}; an uncompressed block of 1..64 bytes is expected.");
        }

        var options = new byte[length];
        ReadAt(position + SquashFsConstants.MetadataHeaderSize, options, "the compressor options");
        return options;
    }

    /// <summary>Checks the superblock's table positions against each other and the file.</summary>
    private void ValidateTables()
    {
        var sb = Superblock;
        if (sb.Flags.HasFlag(SuperblockFlags.Check))
        {
            ThrowHelper.Invalid(Name, $"flag 0x0004 (check data) at offset {SuperblockLayout.Flags} is not valid in SquashFS 4.0.");
        }

        if (sb.BytesUsed < SquashFsConstants.SuperblockSize || sb.BytesUsed > (ulong)FileLength)
        {
            ThrowHelper.Invalid(Name, $"bytes_used {sb.BytesUsed} at offset {SuperblockLayout.BytesUsed} is outside the file of {FileLength} bytes.");
        }

        if (sb.InodeCount == 0)
        {
            ThrowHelper.Invalid(Name, $"inode_count at offset {SuperblockLayout.InodeCount} is 0.");
        }

        if (sb.IdCount == 0)
        {
            ThrowHelper.Invalid(Name, $"id_count at offset {SuperblockLayout.IdCount} is 0.");
        }

        if (sb.InodeTableStart < SquashFsConstants.SuperblockSize || sb.InodeTableStart >= sb.DirectoryTableStart)
        {
            ThrowHelper.Invalid(Name, $"inode_table_start {sb.InodeTableStart} at offset {SuperblockLayout.InodeTableStart} is not below directory_table_start {sb.DirectoryTableStart}.");
        }

        if (sb.DirectoryTableStart > sb.BytesUsed)
        {
            ThrowHelper.Invalid(Name, $"directory_table_start {sb.DirectoryTableStart} at offset {SuperblockLayout.DirectoryTableStart} is beyond bytes_used {sb.BytesUsed}.");
        }

        if ((sb.RootInode & 0xFFFF) >= SquashFsConstants.MetadataBlockSize)
        {
            ThrowHelper.Invalid(Name, $"root_inode 0x{sb.RootInode:x} at offset {SuperblockLayout.RootInode} has an offset beyond a metadata block.");
        }

        CheckIndex(sb.IdTableStart, sb.IdCount, LookupTableLayout.IdEntrySize, "id table", SuperblockLayout.IdTableStart);
        if (sb.FragmentCount > 0)
        {
            CheckIndex(sb.FragmentTableStart, sb.FragmentCount, LookupTableLayout.Fragment.Size, "fragment table", SuperblockLayout.FragmentTableStart);
        }

        _xattrs = ReadXattrHeader();
    }

    /// <summary>Checks that a lookup table's index array lies inside bytes_used.</summary>
    private void CheckIndex(ulong start, ulong count, int entrySize, string table, int field)
    {
        ulong blocks = (count * (ulong)entrySize + SquashFsConstants.MetadataBlockSize - 1) / SquashFsConstants.MetadataBlockSize;
        if (start < SquashFsConstants.SuperblockSize || start > (ulong)_bytesUsed || blocks * LookupTableLayout.IndexEntrySize > (ulong)_bytesUsed - start)
        {
            ThrowHelper.Invalid(Name, $"the {table} index at {start} (superblock offset {field}) with {count} entries does not fit below bytes_used {_bytesUsed}.");
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="position"/>, all below bytes_used.</summary>
    internal void ReadAt(long position, Span<byte> destination, string what)
    {
        if (position < 0 || position > _bytesUsed - destination.Length)
        {
            ThrowHelper.Invalid(Name, $"{what} at offset {position} ({destination.Length} bytes) runs past bytes_used {_bytesUsed}.");
        }

        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(_handle, destination[total..], position + total);
            if (read == 0)
            {
                ThrowHelper.Invalid(Name, $"{what} at offset {position} is cut off by the end of the file.");
            }

            total += read;
        }
    }

    /// <summary>Decompresses a stored block, turning any codec failure into a message that names the image and offset.</summary>
    internal int Decompress(ReadOnlySpan<byte> stored, Span<byte> destination, long position, string what)
    {
        try
        {
            return _compressor.Decompress(stored, destination);
        }
        catch (InvalidDataException e)
        {
            ThrowHelper.Invalid(Name, $"{what} at offset {position} does not decompress: {e.Message}", e);
            return 0;
        }
    }

    internal int BlockSize => _blockSize;
}
