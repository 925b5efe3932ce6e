using System.Buffers.Binary;
using System.Text;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

public sealed partial class ErofsImage
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = new Dictionary<string, byte[]>();

    /// <summary>
    /// The inode's extended attributes: the shared ones its xattr header lists (entries in the shared xattr area),
    /// then the inline entries that follow the list, each entry 4-aligned.
    /// </summary>
    private IReadOnlyDictionary<string, byte[]> ReadXattrs(ErofsInode inode, string path)
    {
        if (inode.XattrSize == 0)
        {
            return NoXattrs;
        }

        string what = $"the xattrs of '{path}' (nid {inode.Nid})";
        var area = new byte[inode.XattrSize];
        long areaStart = inode.Position + inode.InodeSize;
        ReadAt(areaStart, area, what);
        int sharedCount = area[XattrHeaderSharedCount];
        int offset = ErofsConstants.XattrBodyHeaderSize + (sharedCount * sizeof(uint));
        if (offset > area.Length)
        {
            ThrowHelper.Invalid(Name, $"{what}: {sharedCount} shared xattrs do not fit the {area.Length}-byte area at offset {areaStart}.");
        }

        var xattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        long sharedArea = (long)Superblock.XattrBlockAddress << Superblock.BlockSizeBits;
        Span<byte> shared = stackalloc byte[ErofsConstants.XattrEntryHeaderSize + 255];
        for (int i = 0; i < sharedCount; i++)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(area.AsSpan(ErofsConstants.XattrBodyHeaderSize + (i * sizeof(uint))));
            long position = sharedArea + ((long)id * sizeof(uint));
            ReadAt(position, shared[..ErofsConstants.XattrEntryHeaderSize], what);
            int total = ErofsConstants.XattrEntryHeaderSize + shared[0] + BinaryPrimitives.ReadUInt16LittleEndian(shared[2..]);
            var entry = new byte[total];
            ReadAt(position, entry, what);
            AddXattr(xattrs, entry, 0, what, position);
        }

        while (offset + ErofsConstants.XattrEntryHeaderSize <= area.Length)
        {
            int consumed = AddXattr(xattrs, area, offset, what, areaStart + offset);
            offset += (consumed + 3) & ~3;
        }

        return xattrs;
    }

    /// <summary>Parses one xattr entry (name length, name index, value size, name, value); returns its unaligned size.</summary>
    private int AddXattr(SortedDictionary<string, byte[]> xattrs, byte[] data, int offset, string what, long position)
    {
        int nameLength = data[offset];
        int index = data[offset + 1];
        int valueSize = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + 2));
        int total = ErofsConstants.XattrEntryHeaderSize + nameLength + valueSize;
        if (offset + total > data.Length)
        {
            ThrowHelper.Invalid(Name, $"{what}: the entry at offset {position} ({nameLength}-byte name, {valueSize}-byte value) runs past its area.");
        }

        string prefix = index switch
        {
            1 => "user.",
            2 => "system.posix_acl_access",
            3 => "system.posix_acl_default",
            4 => "trusted.",
            5 => "lustre.",
            6 => "security.",
            _ => throw new NotSupportedException($"{Name}: {what}: the entry at offset {position} uses name index {index}, which this reader does not know."),
        };
        int nameStart = offset + ErofsConstants.XattrEntryHeaderSize;
        string name = prefix + Encoding.UTF8.GetString(data, nameStart, nameLength);
        xattrs[name] = data.AsSpan(nameStart + nameLength, valueSize).ToArray();
        return total;
    }

    /// <summary>The offset of h_shared_count in the xattr area's 12-byte header.</summary>
    private const int XattrHeaderSharedCount = sizeof(uint);
}
