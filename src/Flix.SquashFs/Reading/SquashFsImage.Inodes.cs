using System.Buffers.Binary;
using System.Text;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

public sealed partial class SquashFsImage
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private long InodeTableStart => (long)Superblock.InodeTableStart;

    private long InodeTableEnd => (long)Superblock.DirectoryTableStart;

    /// <summary>
    /// The most bytes the inode table can decompress to: every stored block has at least a 2-byte header and one
    /// byte and holds at most 8 KiB. Used to bound block-list lengths before anything is allocated.
    /// </summary>
    private long MaxInodeTableContent => (InodeTableEnd - InodeTableStart) / 3 * SquashFsConstants.MetadataBlockSize;

    /// <summary>Reads and checks the inode at <paramref name="reference"/>.</summary>
    internal Inode ReadInode(ulong reference, string what)
    {
        var cursor = Cursor(InodeTableStart, InodeTableEnd, reference, "inode table");
        Span<byte> buffer = stackalloc byte[InodeLayout.ExtendedFile.Size];
        cursor.Read(buffer[..InodeLayout.Header.Size]);
        var type = (InodeType)BinaryPrimitives.ReadUInt16LittleEndian(buffer[InodeLayout.Header.Type..]);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[InodeLayout.Header.Mode..]);
        ushort uid = BinaryPrimitives.ReadUInt16LittleEndian(buffer[InodeLayout.Header.Uid..]);
        ushort gid = BinaryPrimitives.ReadUInt16LittleEndian(buffer[InodeLayout.Header.Gid..]);
        uint mtime = BinaryPrimitives.ReadUInt32LittleEndian(buffer[InodeLayout.Header.ModificationTime..]);
        uint number = BinaryPrimitives.ReadUInt32LittleEndian(buffer[InodeLayout.Header.InodeNumber..]);
        string where = $"{what} (inode reference 0x{reference:x})";

        if (type is < InodeType.Directory or > InodeType.ExtendedSocket)
        {
            ThrowHelper.Invalid(Name, $"{where} has an unknown type {(ushort)type}.");
        }

        if ((mode & ~0xFFF) != 0)
        {
            ThrowHelper.Invalid(Name, $"{where} has mode 0{Convert.ToString(mode, 8)} with bits beyond the permission bits.");
        }

        if (number == 0 || number > Superblock.InodeCount)
        {
            ThrowHelper.Invalid(Name, $"{where} has number {number}, outside 1..{Superblock.InodeCount}.");
        }

        if (uid >= Superblock.IdCount || gid >= Superblock.IdCount)
        {
            ThrowHelper.Invalid(Name, $"{where} has uid index {uid} / gid index {gid}, but the id table has {Superblock.IdCount} entries.");
        }

        int fixedSize = type switch
        {
            InodeType.Directory => InodeLayout.Directory.Size,
            InodeType.ExtendedDirectory => InodeLayout.ExtendedDirectory.Size,
            InodeType.File => InodeLayout.File.Size,
            InodeType.ExtendedFile => InodeLayout.ExtendedFile.Size,
            InodeType.Symlink or InodeType.ExtendedSymlink => InodeLayout.Symlink.Size,
            InodeType.BlockDevice or InodeType.CharacterDevice => InodeLayout.Device.Size,
            InodeType.ExtendedBlockDevice or InodeType.ExtendedCharacterDevice => InodeLayout.Device.ExtendedSize,
            InodeType.Fifo or InodeType.Socket => InodeLayout.Ipc.Size,
            _ => InodeLayout.Ipc.ExtendedSize,
        };
        cursor.Read(buffer[InodeLayout.Header.Size..fixedSize]);
        var s = buffer[..fixedSize];

        switch (type)
        {
            case InodeType.Directory:
            {
                ushort size = BinaryPrimitives.ReadUInt16LittleEndian(s[InodeLayout.Directory.FileSize..]);
                ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(s[InodeLayout.Directory.Offset..]);
                return CheckDirectory(where, new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Directory.LinkCount..]),
                    FileSize = size,
                    DirectoryBlockStart = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Directory.BlockStart..]),
                    DirectoryOffset = offset,
                    ParentInode = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Directory.ParentInode..]),
                });
            }

            case InodeType.ExtendedDirectory:
                return CheckDirectory(where, new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedDirectory.LinkCount..]),
                    FileSize = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedDirectory.FileSize..]),
                    DirectoryBlockStart = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedDirectory.BlockStart..]),
                    DirectoryOffset = BinaryPrimitives.ReadUInt16LittleEndian(s[InodeLayout.ExtendedDirectory.Offset..]),
                    ParentInode = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedDirectory.ParentInode..]),
                    Xattr = CheckXattrIndex(BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedDirectory.Xattr..]), where),
                });

            case InodeType.File:
                return CheckFile(where, cursor, new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = 1,
                    BlocksStart = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.File.BlocksStart..]),
                    Fragment = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.File.Fragment..]),
                    FragmentOffset = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.File.FragmentOffset..]),
                    FileSize = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.File.FileSize..]),
                });

            case InodeType.ExtendedFile:
                return CheckFile(where, cursor, new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedFile.LinkCount..]),
                    BlocksStart = BinaryPrimitives.ReadUInt64LittleEndian(s[InodeLayout.ExtendedFile.BlocksStart..]),
                    Fragment = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedFile.Fragment..]),
                    FragmentOffset = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedFile.FragmentOffset..]),
                    FileSize = BinaryPrimitives.ReadUInt64LittleEndian(s[InodeLayout.ExtendedFile.FileSize..]),
                    Sparse = BinaryPrimitives.ReadUInt64LittleEndian(s[InodeLayout.ExtendedFile.Sparse..]),
                    Xattr = CheckXattrIndex(BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.ExtendedFile.Xattr..]), where),
                });

            case InodeType.Symlink or InodeType.ExtendedSymlink:
            {
                uint targetSize = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Symlink.TargetSize..]);
                if (targetSize == 0 || targetSize > InodeLayout.Symlink.MaxTargetSize)
                {
                    ThrowHelper.Invalid(Name, $"{where} is a symlink with a target of {targetSize} bytes (1..{InodeLayout.Symlink.MaxTargetSize} allowed).");
                }

                var targetBytes = new byte[targetSize];
                cursor.Read(targetBytes);
                if (targetBytes.AsSpan().Contains((byte)0))
                {
                    ThrowHelper.Invalid(Name, $"{where} is a symlink whose target contains a NUL byte.");
                }

                string target = DecodeName(targetBytes, $"the symlink target of {where}");
                uint xattr = SquashFsConstants.NoXattr;
                if (type == InodeType.ExtendedSymlink)
                {
                    xattr = CheckXattrIndex(cursor.ReadUInt32(), where);
                }

                return new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Symlink.LinkCount..]),
                    FileSize = targetSize,
                    Target = target,
                    Xattr = xattr,
                };
            }

            case InodeType.BlockDevice or InodeType.CharacterDevice or InodeType.ExtendedBlockDevice or InodeType.ExtendedCharacterDevice:
                return new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Device.LinkCount..]),
                    Rdev = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Device.Rdev..]),
                    Xattr = type >= InodeType.ExtendedDirectory
                        ? CheckXattrIndex(BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Device.Xattr..]), where)
                        : SquashFsConstants.NoXattr,
                };

            default:
                return new Inode
                {
                    Type = type, Reference = reference, Mode = mode, UidIndex = uid, GidIndex = gid, ModificationTime = mtime, Number = number,
                    LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Ipc.LinkCount..]),
                    Xattr = type >= InodeType.ExtendedDirectory
                        ? CheckXattrIndex(BinaryPrimitives.ReadUInt32LittleEndian(s[InodeLayout.Ipc.Xattr..]), where)
                        : SquashFsConstants.NoXattr,
                };
        }
    }

    private Inode CheckDirectory(string where, Inode inode)
    {
        if (inode.FileSize < 3)
        {
            ThrowHelper.Invalid(Name, $"{where} is a directory with file_size {inode.FileSize}, below the minimum of 3.");
        }

        if (inode.DirectoryOffset >= SquashFsConstants.MetadataBlockSize)
        {
            ThrowHelper.Invalid(Name, $"{where} is a directory whose listing offset {inode.DirectoryOffset} lies beyond a metadata block.");
        }

        return inode;
    }

    private Inode CheckFile(string where, MetadataCursor cursor, Inode inode)
    {
        ulong size = inode.FileSize;
        ulong blockSize = (ulong)_blockSize;
        if (size > long.MaxValue / 2)
        {
            ThrowHelper.Invalid(Name, $"{where} is a file of {size} bytes, beyond any supported size.");
        }

        ulong blocks;
        if (inode.HasFragment)
        {
            if (inode.Fragment >= Superblock.FragmentCount)
            {
                ThrowHelper.Invalid(Name, $"{where} uses fragment {inode.Fragment}, but the image has {Superblock.FragmentCount}.");
            }

            if (size % blockSize == 0)
            {
                ThrowHelper.Invalid(Name, $"{where} has a fragment although its size {size} is a multiple of the block size.");
            }

            if (inode.FragmentOffset >= blockSize)
            {
                ThrowHelper.Invalid(Name, $"{where} has fragment offset {inode.FragmentOffset}, beyond the block size {blockSize}.");
            }

            blocks = size / blockSize;
        }
        else
        {
            blocks = (size + blockSize - 1) / blockSize;
        }

        if (blocks * InodeLayout.BlockListEntrySize > (ulong)MaxInodeTableContent)
        {
            ThrowHelper.Invalid(Name, $"{where} is a file of {size} bytes whose block list ({blocks} words) cannot fit in the inode table.");
        }

        if (inode.Sparse > size)
        {
            ThrowHelper.Invalid(Name, $"{where} claims {inode.Sparse} sparse bytes in a file of {size}.");
        }

        return new Inode
        {
            Type = inode.Type, Reference = inode.Reference, Mode = inode.Mode, UidIndex = inode.UidIndex, GidIndex = inode.GidIndex,
            ModificationTime = inode.ModificationTime, Number = inode.Number, LinkCount = inode.LinkCount, FileSize = size,
            BlocksStart = inode.BlocksStart, Fragment = inode.Fragment, FragmentOffset = inode.FragmentOffset, Sparse = inode.Sparse,
            Xattr = inode.Xattr, BlockCount = (long)blocks, BlockList = cursor.Position,
        };
    }

    private uint CheckXattrIndex(uint index, string where)
    {
        if (index != SquashFsConstants.NoXattr && (_xattrs is null || index >= _xattrs.Count))
        {
            ThrowHelper.Invalid(Name, $"{where} has xattr index {index}, but the image has {_xattrs?.Count ?? 0} xattr sets.");
        }

        return index;
    }

    private string DecodeName(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            ThrowHelper.Unsupported(Name, $"{what} is not valid UTF-8.");
            return string.Empty;
        }
    }
}
