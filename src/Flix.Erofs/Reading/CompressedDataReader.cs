using System.Buffers.Binary;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

/// <summary>
/// Reads a compressed file extent by extent, in order: an extent starts at each head (or plain) logical cluster
/// and ends where the next starts; its physical cluster is one logical cluster, the block count the first
/// following cluster gives (big physical clusters), or, for the tail of a tail-packed file, the bytes inline after
/// the index. Only the extent being decoded is in memory.
/// </summary>
internal static class CompressedDataReader
{
    /// <summary>h_advise bit 3: the last extent's compressed data is inline after the index.</summary>
    private const int AdviseInlineTail = 0x8;

    /// <summary>The h_advise bits of erofs-utils 1.5 and earlier; later ones (interlaced, fragments) are not read.</summary>
    private const int KnownAdvise = 0xF;

    private const int Lz4 = 0;

    /// <summary>LZ4 cannot inflate a byte to more than 255 bytes; a larger claimed extent is corrupt.</summary>
    private const int MaxLz4Ratio = 255;

    public static IEnumerable<ReadOnlyMemory<byte>> Read(ErofsImage image, ErofsInode inode, string path)
    {
        string what = $"'{path}' (nid {inode.Nid})";
        long header = AlignUp(inode.DataStart, ErofsConstants.MapHeaderSize);
        Span<byte> bytes = stackalloc byte[ErofsConstants.MapHeaderSize];
        image.ReadAt(header, bytes, $"{what}: the compression map header");
        int inlineSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[CompressionLayout.HeaderInlineDataSize..]);
        int advise = BinaryPrimitives.ReadUInt16LittleEndian(bytes[CompressionLayout.HeaderAdvise..]);
        int algorithms = bytes[CompressionLayout.HeaderAlgorithms];
        int clusterBits = image.Superblock.BlockSizeBits + (bytes[CompressionLayout.HeaderClusterBits] & 7);
        if ((advise & ~KnownAdvise) != 0)
        {
            ThrowHelper.Unsupported(image.Name, $"{what}: its compression map (offset {header}) uses advise bits 0x{advise & ~KnownAdvise:x} of newer erofs-utils (interlaced or fragment data).");
        }

        long clusterSize = 1L << clusterBits;
        long clusterCount = (inode.Size + clusterSize - 1) >> clusterBits;
        var index = new LogicalClusterIndex(image, what, header, inode.DataLayout == ErofsDataLayout.CompressedCompact, clusterBits, advise, clusterCount);
        if (clusterCount > 0 && index.EndOf(clusterCount - 1) > image.FileLength)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: the index of its {clusterCount} logical clusters from offset {header} ends past the end of the {image.FileLength}-byte image.");
        }

        bool inlineTail = (advise & AdviseInlineTail) != 0;
        long inlineOffset = inlineTail && clusterCount > 0 ? index.EndOf((inode.Size - 1) >> clusterBits) : 0;
        if (inlineTail && (inlineSize == 0 || (inlineOffset % image.BlockSize) + inlineSize > image.BlockSize))
        {
            ThrowHelper.Invalid(image.Name, $"{what}: its inline tail of {inlineSize} bytes at offset {inlineOffset} does not fit in one block.");
        }

        if (clusterCount == 0)
        {
            yield break;
        }

        var head = index.Read(0);
        if (!head.StartsExtent || head.ClusterOffset != 0)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: its first logical cluster does not start an extent at offset 0.");
        }

        long headCluster = 0;
        long start = 0;
        while (start < inode.Size)
        {
            int blockCount = 1;
            long nextCluster = -1;
            long nextStart = inode.Size;
            LogicalCluster next = default;
            for (long lcn = headCluster + 1; lcn < clusterCount; lcn++)
            {
                var cluster = index.Read(lcn);
                if (!cluster.StartsExtent)
                {
                    if (lcn == headCluster + 1 && cluster.BlockCount > 0)
                    {
                        blockCount = cluster.BlockCount;
                    }

                    continue;
                }

                long clusterStart = (lcn << clusterBits) + cluster.ClusterOffset;
                if (clusterStart <= start)
                {
                    ThrowHelper.Invalid(image.Name, $"{what}: logical cluster {lcn} starts an extent at {clusterStart}, not after the one at {start}.");
                }

                if (clusterStart < inode.Size)
                {
                    (nextCluster, nextStart, next) = (lcn, clusterStart, cluster);
                }

                break; // a head at or past the end only closes the last extent
            }

            long length = nextStart - start;
            bool last = nextCluster < 0;
            yield return DecodeExtent(image, what, head, start, length, last && inlineTail ? inlineOffset : -1, inlineSize, blockCount, clusterBits, advise, algorithms);
            (headCluster, start, head) = (nextCluster, nextStart, next);
        }
    }

    private static byte[] DecodeExtent(
        ErofsImage image, string what, LogicalCluster head, long start, long length, long inlineOffset, int inlineSize,
        int blockCount, int clusterBits, int advise, int algorithms)
    {
        bool big = head.Type == LogicalClusterType.Head2
            ? (advise & LogicalClusterIndex.AdviseBigCluster2) != 0
            : (advise & LogicalClusterIndex.AdviseBigCluster1) != 0;
        long physical = inlineOffset >= 0 ? inlineOffset : head.Block << image.Superblock.BlockSizeBits;
        long physicalLength = inlineOffset >= 0 ? inlineSize
            : head.Type == LogicalClusterType.Plain || !big ? 1L << clusterBits
            : (long)blockCount << clusterBits;
        if (physicalLength > ErofsConstants.MaxPhysicalClusterSize || physical < 0 || physical > image.FileLength - physicalLength)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: the extent at {start} is stored in {physicalLength} bytes at offset {physical}, outside the {image.FileLength}-byte image.");
        }

        if (length > physicalLength * MaxLz4Ratio || length > int.MaxValue)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: the extent at {start} claims {length} bytes from {physicalLength} stored at offset {physical}.");
        }

        var raw = new byte[physicalLength];
        image.ReadAt(physical, raw, $"{what}: the extent at {start}");
        var output = new byte[length];
        if (head.Type == LogicalClusterType.Plain)
        {
            if (length > raw.Length)
            {
                ThrowHelper.Invalid(image.Name, $"{what}: the uncompressed extent at {start} claims {length} bytes from {raw.Length} stored at offset {physical}.");
            }

            raw.AsSpan(0, (int)length).CopyTo(output);
            return output;
        }

        int algorithm = head.Type == LogicalClusterType.Head2 ? algorithms >> 4 : algorithms & 0xF;
        if (algorithm != Lz4)
        {
            ThrowHelper.Unsupported(image.Name, $"{what}: the extent at {start} (offset {physical}) is compressed with {AlgorithmName(algorithm)}; only lz4 is readable.");
        }

        int margin = 0;
        if ((image.Superblock.FeatureIncompat & ErofsIncompatFeatures.ZeroPadding) != 0)
        {
            int limit = Math.Min(raw.Length, image.BlockSize);
            while (margin < limit && raw[margin] == 0)
            {
                margin++;
            }

            if (margin == raw.Length)
            {
                ThrowHelper.Invalid(image.Name, $"{what}: the compressed extent at {start} (offset {physical}) holds only zeros.");
            }
        }

        int decoded = Lz4BlockDecoder.Decode(raw.AsSpan(margin), output, $"{image.Name}: {what}: the extent at {start} (offset {physical})");
        if (decoded != length)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: the extent at {start} (offset {physical}) decompresses to {decoded} bytes, not {length}.");
        }

        return output;
    }

    private static string AlgorithmName(int algorithm) => algorithm switch
    {
        1 => "lzma",
        2 => "deflate",
        3 => "zstd",
        _ => $"algorithm {algorithm}",
    };

    private static long AlignUp(long value, int alignment) => (value + alignment - 1) & ~(long)(alignment - 1);
}
