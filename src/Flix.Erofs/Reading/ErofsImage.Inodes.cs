using System.Buffers.Binary;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

public sealed partial class ErofsImage
{
    /// <summary>Reads the inode <paramref name="nid"/>, either form; <paramref name="what"/> names it in errors.</summary>
    private ErofsInode ReadInode(ulong nid, string what)
    {
        long metaStart = (long)Superblock.MetaBlockAddress << Superblock.BlockSizeBits;
        if (nid > (ulong)(FileLength >> ErofsConstants.InodeSlotBits))
        {
            ThrowHelper.Invalid(Name, $"{what}: nid {nid} lies past the end of the {FileLength}-byte image.");
        }

        long position = metaStart + ((long)nid << ErofsConstants.InodeSlotBits);
        Span<byte> data = stackalloc byte[ErofsConstants.ExtendedInodeSize];
        ReadAt(position, data[..ErofsConstants.CompactInodeSize], $"{what} (nid {nid})");
        int format = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.Format..]);
        if ((format & ~InodeLayout.KnownFormatBits) != 0)
        {
            ThrowHelper.Unsupported(Name, $"{what}: nid {nid} at offset {position} has i_format 0x{format:x}, with bits of a newer EROFS format.");
        }

        bool extended = (format & (1 << InodeLayout.VersionBit)) != 0;
        var layout = (ErofsDataLayout)((format >> InodeLayout.DataLayoutShift) & InodeLayout.DataLayoutMask);
        if (layout > ErofsDataLayout.ChunkBased)
        {
            ThrowHelper.Invalid(Name, $"{what}: nid {nid} at offset {position} has the unknown data layout {(int)layout}.");
        }

        if (extended)
        {
            ReadAt(position, data, $"{what} (nid {nid})");
        }

        int xattrCount = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.XattrCount..]);
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.Mode..]);
        var inode = extended
            ? new ErofsInode
            {
                Nid = nid,
                Position = position,
                InodeSize = ErofsConstants.ExtendedInodeSize,
                DataLayout = layout,
                Mode = mode,
                XattrSize = XattrAreaSize(xattrCount),
                Size = CheckedSize(BinaryPrimitives.ReadUInt64LittleEndian(data[InodeLayout.ExtendedSize..]), nid, position, what),
                Union = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.ExtendedUnion..]),
                Uid = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.ExtendedUid..]),
                Gid = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.ExtendedGid..]),
                ModificationTime = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(data[InodeLayout.ExtendedModificationTime..]), long.MaxValue),
                LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.ExtendedLinkCount..]),
            }
            : new ErofsInode
            {
                Nid = nid,
                Position = position,
                InodeSize = ErofsConstants.CompactInodeSize,
                DataLayout = layout,
                Mode = mode,
                XattrSize = XattrAreaSize(xattrCount),
                Size = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.CompactSize..]),
                Union = BinaryPrimitives.ReadUInt32LittleEndian(data[InodeLayout.CompactUnion..]),
                Uid = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.CompactUid..]),
                Gid = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.CompactGid..]),
                ModificationTime = Superblock.BuildTime,
                LinkCount = BinaryPrimitives.ReadUInt16LittleEndian(data[InodeLayout.CompactLinkCount..]),
            };
        if (inode.DataStart > FileLength)
        {
            ThrowHelper.Invalid(Name, $"{what}: nid {nid} at offset {position} has {inode.XattrSize} bytes of xattrs, past the end of the image.");
        }

        return inode;
    }

    /// <summary>The bytes of an inline xattr area of <paramref name="count"/> 4-byte units: a 12-byte header, then count - 1 units.</summary>
    private static int XattrAreaSize(int count) =>
        count == 0 ? 0 : ErofsConstants.XattrBodyHeaderSize + ((count - 1) * sizeof(uint));

    private long CheckedSize(ulong size, ulong nid, long position, string what)
    {
        if (size > long.MaxValue)
        {
            ThrowHelper.Invalid(Name, $"{what}: nid {nid} at offset {position} claims a size of {size} bytes.");
        }

        return (long)size;
    }
}
