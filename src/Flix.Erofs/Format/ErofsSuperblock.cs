using System.Buffers.Binary;

namespace Flix.Erofs.Format;

/// <summary>The 128-byte EROFS superblock at offset 1024.</summary>
public sealed record ErofsSuperblock
{
    /// <summary>feature_compat: the superblock carries a crc32c.</summary>
    public const uint CompatChecksum = 0x1;

    /// <summary>feature_compat: extended inodes hold an mtime (older images: a ctime).</summary>
    public const uint CompatModificationTime = 0x2;

    public required uint FeatureCompat { get; init; }

    public required ErofsIncompatFeatures FeatureIncompat { get; init; }

    public required int BlockSizeBits { get; init; }

    public required ushort RootNid { get; init; }

    public required ulong InodeCount { get; init; }

    /// <summary>The time every compact inode takes as its mtime (mkfs.erofs -T).</summary>
    public required long BuildTime { get; init; }

    public required uint Blocks { get; init; }

    public required uint MetaBlockAddress { get; init; }

    public required uint XattrBlockAddress { get; init; }

    /// <summary>The volume UUID in its usual text form.</summary>
    public required string Uuid { get; init; }

    /// <summary>The volume label, empty when none.</summary>
    public required string VolumeName { get; init; }

    /// <summary>Bit i set: algorithm i may be used (0 lz4, 1 lzma, 2 deflate, 3 zstd); 0 when the image has no compression configurations.</summary>
    public required ushort CompressionAlgorithms { get; init; }

    public int BlockSize => 1 << BlockSizeBits;

    /// <summary>Parses and checks a superblock; <paramref name="source"/> names the image in errors.</summary>
    /// <exception cref="InvalidDataException">No EROFS superblock, or an impossible field.</exception>
    /// <exception cref="NotSupportedException">A feature this reader does not implement.</exception>
    public static ErofsSuperblock Read(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < ErofsConstants.SuperblockSize)
        {
            throw new InvalidDataException($"{source}: {data.Length} bytes at offset {ErofsConstants.SuperblockOffset} is too short for an EROFS superblock.");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.Magic..]);
        if (magic != ErofsConstants.Magic)
        {
            throw new InvalidDataException($"{source}: the magic at offset {ErofsConstants.SuperblockOffset} is 0x{magic:x8}, not EROFS's 0x{ErofsConstants.Magic:x8}.");
        }

        int blockBits = data[SuperblockLayout.BlockSizeBits];
        if (blockBits is < ErofsConstants.MinBlockSizeBits or > ErofsConstants.MaxBlockSizeBits)
        {
            throw new InvalidDataException(
                $"{source}: block size bits {blockBits} at offset {ErofsConstants.SuperblockOffset + SuperblockLayout.BlockSizeBits} is outside {ErofsConstants.MinBlockSizeBits}..{ErofsConstants.MaxBlockSizeBits}.");
        }

        var incompat = (ErofsIncompatFeatures)BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.FeatureIncompat..]);
        var unsupported = incompat & ~ErofsIncompatFeatures.Supported;
        if (unsupported != ErofsIncompatFeatures.None)
        {
            throw new NotSupportedException(
                $"{source}: the image uses EROFS features this reader does not implement ({DescribeFeatures(unsupported)}, feature_incompat 0x{(uint)incompat:x} at offset {ErofsConstants.SuperblockOffset + SuperblockLayout.FeatureIncompat}); images from mkfs.erofs with Flix's options (lz4hc, big physical clusters, tail packing, no fragments) are readable.");
        }

        ushort extraDevices = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.ExtraDevices..]);
        if (extraDevices != 0)
        {
            throw new NotSupportedException($"{source}: the image spans {extraDevices} extra devices; only single-device images are readable.");
        }

        return new ErofsSuperblock
        {
            FeatureCompat = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.FeatureCompat..]),
            FeatureIncompat = incompat,
            BlockSizeBits = blockBits,
            RootNid = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.RootNid..]),
            InodeCount = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.InodeCount..]),
            BuildTime = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.BuildTime..]), long.MaxValue),
            Blocks = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.Blocks..]),
            MetaBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.MetaBlockAddress..]),
            XattrBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.XattrBlockAddress..]),
            Uuid = new Guid(data.Slice(SuperblockLayout.Uuid, 16), bigEndian: true).ToString(),
            VolumeName = System.Text.Encoding.UTF8.GetString(data.Slice(SuperblockLayout.VolumeName, 16)).TrimEnd('\0'),
            CompressionAlgorithms = (incompat & ErofsIncompatFeatures.BigPhysicalClusters) != 0
                ? BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.CompressionAlgorithms..])
                : (ushort)0,
        };
    }

    /// <summary>The names of the features set in <paramref name="features"/>, e.g. "fragments, 0x100".</summary>
    public static string DescribeFeatures(ErofsIncompatFeatures features)
    {
        var names = new List<string>();
        foreach (var (flag, name) in FeatureNames)
        {
            if ((features & flag) != 0)
            {
                names.Add(name);
                features &= ~flag;
            }
        }

        if (features != ErofsIncompatFeatures.None)
        {
            names.Add($"0x{(uint)features:x}");
        }

        return string.Join(", ", names);
    }

    private static readonly (ErofsIncompatFeatures Flag, string Name)[] FeatureNames =
    [
        (ErofsIncompatFeatures.ZeroPadding, "0padding"),
        (ErofsIncompatFeatures.BigPhysicalClusters, "big_pcluster"),
        (ErofsIncompatFeatures.ChunkedFiles, "chunked_file"),
        (ErofsIncompatFeatures.DeviceTable, "device_table"),
        (ErofsIncompatFeatures.TailPacking, "ztailpacking"),
        (ErofsIncompatFeatures.Fragments, "fragments"),
        (ErofsIncompatFeatures.XattrPrefixes, "xattr_prefixes"),
    ];
}
