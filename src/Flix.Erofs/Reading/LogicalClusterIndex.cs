using System.Buffers.Binary;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

/// <summary>
/// The logical-cluster index of one compressed file, in either form: full 8-byte entries, or compacted packs
/// (2 entries in 8 bytes, or 16 in 32 bytes) whose last 4 bytes hold a block address the heads of the pack count
/// from. Entries are read from the image one pack at a time, never the whole index.
/// </summary>
internal sealed class LogicalClusterIndex
{
    /// <summary>h_advise bit 0: the middle of a compacted index uses 16-entry packs.</summary>
    public const int AdviseCompacted2B = 0x1;

    public const int AdviseBigCluster1 = 0x2;

    public const int AdviseBigCluster2 = 0x4;

    private const int FourByteShift = 2;
    private const int TwoByteShift = 1;
    private const int TwoByteClusterBits = 12;

    private readonly ErofsImage _image;
    private readonly string _what;
    private readonly bool _compact;
    private readonly int _clusterBits;
    private readonly bool _big;
    private readonly long _base;
    private readonly long _initial4B;
    private readonly long _compacted2B;

    public LogicalClusterIndex(ErofsImage image, string what, long mapHeader, bool compact, int clusterBits, int advise, long clusterCount)
    {
        _image = image;
        _what = what;
        _compact = compact;
        _clusterBits = clusterBits;
        _big = (advise & AdviseBigCluster1) != 0;
        ClusterCount = clusterCount;
        if (!compact)
        {
            _base = mapHeader + ErofsConstants.MapHeaderSize + CompressionLayout.FullIndexPadding;
            return;
        }

        if (clusterBits + CompressionLayout.TypeBits > 16)
        {
            ThrowHelper.Unsupported(image.Name, $"{what}: compacted indexes of {1 << clusterBits}-byte logical clusters are not supported.");
        }

        if (((advise & AdviseBigCluster1) != 0) != ((advise & AdviseBigCluster2) != 0))
        {
            ThrowHelper.Invalid(image.Name, $"{what}: the big-cluster flags of the map header at offset {mapHeader} disagree (advise 0x{advise:x}).");
        }

        _base = mapHeader + ErofsConstants.MapHeaderSize;
        long initial = (CompressionLayout.CompactAlignment - (_base % CompressionLayout.CompactAlignment)) / 4;
        _initial4B = initial == CompressionLayout.CompactAlignment / 4 ? 0 : initial;
        _compacted2B = (advise & AdviseCompacted2B) != 0 && clusterBits == TwoByteClusterBits && _initial4B < clusterCount
            ? (clusterCount - _initial4B) / 16 * 16
            : 0;
    }

    public long ClusterCount { get; }

    /// <summary>The offset just past the index (or pack) holding cluster <paramref name="lcn"/>: where tail-packed data starts when it is the last.</summary>
    public long EndOf(long lcn)
    {
        if (!_compact)
        {
            return _base + ((lcn + 1) * ErofsConstants.FullIndexSize);
        }

        var (position, shift) = Locate(lcn);
        int packBytes = PackEntries(shift) << shift;
        return (position & ~(long)(packBytes - 1)) + packBytes;
    }

    /// <summary>Cluster <paramref name="lcn"/> (0 ≤ lcn &lt; <see cref="ClusterCount"/>).</summary>
    public LogicalCluster Read(long lcn)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lcn);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lcn, ClusterCount);
        return _compact ? ReadCompacted(lcn) : ReadFull(lcn);
    }

    private LogicalCluster ReadFull(long lcn)
    {
        long position = _base + (lcn * ErofsConstants.FullIndexSize);
        Span<byte> entry = stackalloc byte[ErofsConstants.FullIndexSize];
        _image.ReadAt(position, entry, $"{_what}: logical cluster {lcn}");
        var type = (LogicalClusterType)(BinaryPrimitives.ReadUInt16LittleEndian(entry[CompressionLayout.IndexAdvise..]) & 3);
        if (type != LogicalClusterType.NonHead)
        {
            return new LogicalCluster(
                type,
                BinaryPrimitives.ReadUInt16LittleEndian(entry[CompressionLayout.IndexClusterOffset..]),
                0,
                BinaryPrimitives.ReadUInt32LittleEndian(entry[CompressionLayout.IndexBlockAddress..]));
        }

        int delta = BinaryPrimitives.ReadUInt16LittleEndian(entry[CompressionLayout.IndexFirstDelta..]);
        return new LogicalCluster(type, 0, BlockCountOf(delta, position), 0);
    }

    private LogicalCluster ReadCompacted(long lcn)
    {
        var (position, shift) = Locate(lcn);
        int entries = PackEntries(shift);
        int packBytes = entries << shift;
        long packStart = position & ~(long)(packBytes - 1);
        Span<byte> pack = stackalloc byte[32];
        pack = pack[..packBytes];
        _image.ReadAt(packStart, pack, $"{_what}: the index pack of logical cluster {lcn}");
        int bits = (packBytes - CompressionLayout.PackBlockAddressSize) * 8 / entries;
        int index = (int)((position - packStart) >> shift);
        var (type, low) = Decode(pack, bits, index);
        if (type == LogicalClusterType.NonHead)
        {
            return new LogicalCluster(type, 0, (low & ErofsConstants.BlockCountFlag) != 0 ? BlockCountOf(low, packStart) : 0, 0);
        }

        return new LogicalCluster(type, low, 0, HeadBlock(pack, bits, index, packStart));
    }

    /// <summary>
    /// The first block of the head at <paramref name="index"/> of a pack: the pack's block address plus the blocks of
    /// the physical clusters that start earlier in the pack, found by walking back over the entries.
    /// </summary>
    private long HeadBlock(ReadOnlySpan<byte> pack, int bits, int index, long packStart)
    {
        long blocks = _big ? 0 : 1;
        int i = index;
        while (i > 0)
        {
            --i;
            var (type, low) = Decode(pack, bits, i);
            if (!_big)
            {
                if (type == LogicalClusterType.NonHead)
                {
                    i -= low;
                }

                if (i >= 0)
                {
                    blocks++;
                }

                continue;
            }

            if (type != LogicalClusterType.NonHead)
            {
                blocks++;
            }
            else if ((low & ErofsConstants.BlockCountFlag) != 0)
            {
                --i; // the head this count belongs to
                blocks += low & ~ErofsConstants.BlockCountFlag;
            }
            else if (low < 2)
            {
                ThrowHelper.Invalid(_image.Name, $"{_what}: the index pack at offset {packStart} has a continuation {low} cluster(s) from its head where a block count belongs.");
            }
            else
            {
                i -= low - 2; // to just after that head, where its block count is
            }
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(pack[^CompressionLayout.PackBlockAddressSize..]) + blocks;
    }

    private (LogicalClusterType Type, int Low) Decode(ReadOnlySpan<byte> pack, int bits, int index)
    {
        int bit = bits * index;
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(pack[(bit / 8)..]) >> (bit & 7);
        return ((LogicalClusterType)((value >> _clusterBits) & 3), (int)(value & ((1u << _clusterBits) - 1)));
    }

    private int BlockCountOf(int delta, long position)
    {
        if ((delta & ErofsConstants.BlockCountFlag) == 0)
        {
            return 0;
        }

        if (!_big)
        {
            ThrowHelper.Invalid(_image.Name, $"{_what}: the index at offset {position} gives a block count, but the file has no big physical clusters.");
        }

        return delta & ~ErofsConstants.BlockCountFlag;
    }

    /// <summary>The offset of cluster <paramref name="lcn"/>'s compacted entry and its pack's entry size shift.</summary>
    private (long Position, int Shift) Locate(long lcn)
    {
        long position = _base;
        if (lcn < _initial4B)
        {
            return (position + (lcn << FourByteShift), FourByteShift);
        }

        position += _initial4B << FourByteShift;
        lcn -= _initial4B;
        if (lcn < _compacted2B)
        {
            return (position + (lcn << TwoByteShift), TwoByteShift);
        }

        position += _compacted2B << TwoByteShift;
        lcn -= _compacted2B;
        return (position + (lcn << FourByteShift), FourByteShift);
    }

    private static int PackEntries(int shift) => shift == FourByteShift ? 2 : 16;
}
