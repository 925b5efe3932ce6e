using System.Buffers.Binary;
using System.Text;
using Flix.Core.Tree;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

internal sealed partial class ImageWriter
{
    /// <summary>Longest symlink target the kernel accepts (PAGE_SIZE on 4 KiB-page machines).</summary>
    private const int MaxSymlinkTarget = 4096;

    private const uint MaxDeviceMajor = 0xFFF;
    private const uint MaxDeviceMinor = 0xF_FFFF;

    private ulong[]? _exportTable;
    private byte[] _scratch = new byte[256];

    /// <summary>
    /// Writes a directory's subtree in post-order: every child inode (and each child directory's subtree)
    /// before the directory's listing and inode, so every entry refers to a known inode ref.
    /// </summary>
    private void WriteDirectory(InodeInfo directory, uint inodeCount)
    {
        foreach (var entry in directory.Entries!)
        {
            var child = entry.Inode;
            if (child.Node.IsDirectory)
            {
                WriteDirectory(child, inodeCount);
            }
            else if (!child.Written)
            {
                WriteInode(child);
            }
        }

        var listing = WriteListing(directory);
        WriteDirectoryInode(directory, listing);
    }

    private void WriteInode(InodeInfo inode)
    {
        var node = inode.Node;
        switch (node.Kind)
        {
            case EntryKind.RegularFile:
                WriteFileInode(inode);
                break;
            case EntryKind.Symlink:
                WriteSymlinkInode(inode);
                break;
            case EntryKind.CharacterDevice or EntryKind.BlockDevice:
                WriteDeviceInode(inode);
                break;
            case EntryKind.Fifo or EntryKind.Socket:
                WriteIpcInode(inode);
                break;
            default:
                WriterThrowHelper.ThrowUnsupportedKind(inode.Path, node.Kind);
                break;
        }
    }

    private void WriteFileInode(InodeInfo inode)
    {
        var data = inode.Data ?? throw new InvalidOperationException($"The data of '{inode.Path}' was not stored.");
        ulong size = (ulong)inode.Node.Content!.Length;
        uint xattr = XattrId(inode);
        bool extended = size > uint.MaxValue || data.BlocksStart > uint.MaxValue || xattr != SquashFsConstants.NoXattr || inode.LinkCount > 1;
        int fixedSize = extended ? InodeLayout.ExtendedFile.Size : InodeLayout.File.Size;
        var s = Scratch(fixedSize + (data.BlockSizes.Length * sizeof(uint)));
        WriteHeader(s, extended ? InodeType.ExtendedFile : InodeType.File, inode);
        if (extended)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(s[InodeLayout.ExtendedFile.BlocksStart..], data.BlocksStart);
            BinaryPrimitives.WriteUInt64LittleEndian(s[InodeLayout.ExtendedFile.FileSize..], size);
            BinaryPrimitives.WriteUInt64LittleEndian(s[InodeLayout.ExtendedFile.Sparse..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.ExtendedFile.LinkCount..], inode.LinkCount);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.ExtendedFile.Fragment..], data.Fragment);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.ExtendedFile.FragmentOffset..], data.FragmentOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.ExtendedFile.Xattr..], xattr);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.File.BlocksStart..], (uint)data.BlocksStart);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.File.Fragment..], data.Fragment);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.File.FragmentOffset..], data.FragmentOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.File.FileSize..], (uint)size);
        }

        var list = s[fixedSize..];
        for (int i = 0; i < data.BlockSizes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(list[(i * sizeof(uint))..], data.BlockSizes[i]);
        }

        Emit(inode, s);
    }

    private void WriteSymlinkInode(InodeInfo inode)
    {
        var target = Encoding.UTF8.GetBytes(inode.Node.LinkTarget!);
        if (target.Length > MaxSymlinkTarget)
        {
            WriterThrowHelper.ThrowSymlinkTooLong(inode.Path, target.Length, MaxSymlinkTarget);
        }

        uint xattr = XattrId(inode);
        bool extended = xattr != SquashFsConstants.NoXattr;
        var s = Scratch(InodeLayout.Symlink.Target + target.Length + (extended ? InodeLayout.Symlink.XattrSize : 0));
        WriteHeader(s, extended ? InodeType.ExtendedSymlink : InodeType.Symlink, inode);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Symlink.LinkCount..], inode.LinkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Symlink.TargetSize..], (uint)target.Length);
        target.CopyTo(s[InodeLayout.Symlink.Target..]);
        if (extended)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[(InodeLayout.Symlink.Target + target.Length)..], xattr);
        }

        Emit(inode, s);
    }

    private void WriteDeviceInode(InodeInfo inode)
    {
        var node = inode.Node;
        if (node.DeviceMajor > MaxDeviceMajor || node.DeviceMinor > MaxDeviceMinor)
        {
            WriterThrowHelper.ThrowDeviceNumbers(inode.Path, node.DeviceMajor, node.DeviceMinor, MaxDeviceMajor, MaxDeviceMinor);
        }

        uint rdev = (node.DeviceMajor << 8) | (node.DeviceMinor & 0xFF) | ((node.DeviceMinor & ~0xFFu) << 12);
        uint xattr = XattrId(inode);
        bool extended = xattr != SquashFsConstants.NoXattr;
        bool block = node.Kind == EntryKind.BlockDevice;
        var type = (block, extended) switch
        {
            (true, false) => InodeType.BlockDevice,
            (true, true) => InodeType.ExtendedBlockDevice,
            (false, false) => InodeType.CharacterDevice,
            (false, true) => InodeType.ExtendedCharacterDevice,
        };
        var s = Scratch(extended ? InodeLayout.Device.ExtendedSize : InodeLayout.Device.Size);
        WriteHeader(s, type, inode);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Device.LinkCount..], inode.LinkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Device.Rdev..], rdev);
        if (extended)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Device.Xattr..], xattr);
        }

        Emit(inode, s);
    }

    private void WriteIpcInode(InodeInfo inode)
    {
        uint xattr = XattrId(inode);
        bool extended = xattr != SquashFsConstants.NoXattr;
        bool fifo = inode.Node.Kind == EntryKind.Fifo;
        var type = (fifo, extended) switch
        {
            (true, false) => InodeType.Fifo,
            (true, true) => InodeType.ExtendedFifo,
            (false, false) => InodeType.Socket,
            (false, true) => InodeType.ExtendedSocket,
        };
        var s = Scratch(extended ? InodeLayout.Ipc.ExtendedSize : InodeLayout.Ipc.Size);
        WriteHeader(s, type, inode);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Ipc.LinkCount..], inode.LinkCount);
        if (extended)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Ipc.Xattr..], xattr);
        }

        Emit(inode, s);
    }

    private void WriteDirectoryInode(InodeInfo directory, DirectoryListing listing)
    {
        uint xattr = XattrId(directory);
        bool extended = listing.Index.Count > 0 || xattr != SquashFsConstants.NoXattr || listing.FileSize > InodeLayout.Directory.MaxFileSize;
        uint blockStart = (uint)(listing.Start >> 16);
        ushort offset = (ushort)(listing.Start & 0xFFFF);
        if (!extended)
        {
            var s = Scratch(InodeLayout.Directory.Size);
            WriteHeader(s, InodeType.Directory, directory);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Directory.BlockStart..], blockStart);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Directory.LinkCount..], directory.LinkCount);
            BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Directory.FileSize..], (ushort)listing.FileSize);
            BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Directory.Offset..], offset);
            BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Directory.ParentInode..], directory.ParentNumber);
            Emit(directory, s);
            return;
        }

        int size = InodeLayout.ExtendedDirectory.Size;
        foreach (var index in listing.Index)
        {
            size += DirectoryLayout.Index.Name + index.Name.Length;
        }

        var e = Scratch(size);
        WriteHeader(e, InodeType.ExtendedDirectory, directory);
        BinaryPrimitives.WriteUInt32LittleEndian(e[InodeLayout.ExtendedDirectory.LinkCount..], directory.LinkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(e[InodeLayout.ExtendedDirectory.FileSize..], listing.FileSize);
        BinaryPrimitives.WriteUInt32LittleEndian(e[InodeLayout.ExtendedDirectory.BlockStart..], blockStart);
        BinaryPrimitives.WriteUInt32LittleEndian(e[InodeLayout.ExtendedDirectory.ParentInode..], directory.ParentNumber);
        BinaryPrimitives.WriteUInt16LittleEndian(e[InodeLayout.ExtendedDirectory.IndexCount..], (ushort)listing.Index.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(e[InodeLayout.ExtendedDirectory.Offset..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(e[InodeLayout.ExtendedDirectory.Xattr..], xattr);
        int at = InodeLayout.ExtendedDirectory.Size;
        foreach (var index in listing.Index)
        {
            var entry = e[at..];
            BinaryPrimitives.WriteUInt32LittleEndian(entry[DirectoryLayout.Index.ListingOffset..], index.ListingOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[DirectoryLayout.Index.BlockStart..], index.BlockStart);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[DirectoryLayout.Index.NameSize..], (uint)(index.Name.Length - 1));
            index.Name.CopyTo(entry[DirectoryLayout.Index.Name..]);
            at += DirectoryLayout.Index.Name + index.Name.Length;
        }

        Emit(directory, e);
    }

    /// <summary>Fills the common header; ids are registered uid first, then gid, in inode write order.</summary>
    private void WriteHeader(Span<byte> s, InodeType type, InodeInfo inode)
    {
        var node = inode.Node;
        ushort uid = IdIndex(node.Uid, inode.Path);
        ushort gid = IdIndex(node.Gid, inode.Path);
        uint mtime = (uint)Math.Clamp(node.ModificationTime, 0, _options.Timestamp);
        BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Header.Type..], (ushort)type);
        BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Header.Mode..], (ushort)(node.Mode & TreeNode.PermissionMask));
        BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Header.Uid..], uid);
        BinaryPrimitives.WriteUInt16LittleEndian(s[InodeLayout.Header.Gid..], gid);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Header.ModificationTime..], mtime);
        BinaryPrimitives.WriteUInt32LittleEndian(s[InodeLayout.Header.InodeNumber..], inode.Number);
    }

    private uint XattrId(InodeInfo inode) => _xattrs.GetId(inode.Node.ExtendedAttributes, inode.Path);

    /// <summary>Appends a serialized inode to the inode table and records its ref.</summary>
    private void Emit(InodeInfo inode, ReadOnlySpan<byte> serialized)
    {
        inode.Reference = _inodes.Reference;
        inode.Written = true;
        if (_exportTable is not null)
        {
            _exportTable[inode.Number - 1] = inode.Reference;
        }

        _inodes.Write(serialized);
    }

    /// <summary>A zeroed scratch span of <paramref name="length"/> bytes, valid until the next call.</summary>
    private Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }

        var span = _scratch.AsSpan(0, length);
        span.Clear();
        return span;
    }
}
