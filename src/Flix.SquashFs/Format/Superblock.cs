using System.Buffers.Binary;
using Flix.SquashFs.Compression;

namespace Flix.SquashFs.Format;

/// <summary>The 96-byte superblock at offset 0.</summary>
public sealed record Superblock
{
    public required uint InodeCount { get; init; }
    public required uint ModificationTime { get; init; }
    public required uint BlockSize { get; init; }
    public required uint FragmentCount { get; init; }
    public required SquashFsCompression Compressor { get; init; }
    public required SuperblockFlags Flags { get; init; }
    public required ushort IdCount { get; init; }
    public required ulong RootInode { get; init; }
    public required ulong BytesUsed { get; init; }
    public required ulong IdTableStart { get; init; }
    public required ulong XattrIdTableStart { get; init; }
    public required ulong InodeTableStart { get; init; }
    public required ulong DirectoryTableStart { get; init; }
    public required ulong FragmentTableStart { get; init; }
    public required ulong ExportTableStart { get; init; }

    public ushort BlockLog => (ushort)System.Numerics.BitOperations.Log2(BlockSize);

    public void Write(Span<byte> destination)
    {
        var s = destination[..SquashFsConstants.SuperblockSize];
        BinaryPrimitives.WriteUInt32LittleEndian(s[SuperblockLayout.Magic..], SquashFsConstants.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SuperblockLayout.InodeCount..], InodeCount);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SuperblockLayout.ModificationTime..], ModificationTime);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SuperblockLayout.BlockSize..], BlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SuperblockLayout.FragmentCount..], FragmentCount);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.Compressor..], (ushort)Compressor);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.BlockLog..], BlockLog);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.Flags..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.IdCount..], IdCount);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.VersionMajor..], SquashFsConstants.VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(s[SuperblockLayout.VersionMinor..], SquashFsConstants.VersionMinor);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.RootInode..], RootInode);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.BytesUsed..], BytesUsed);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.IdTableStart..], IdTableStart);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.XattrIdTableStart..], XattrIdTableStart);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.InodeTableStart..], InodeTableStart);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.DirectoryTableStart..], DirectoryTableStart);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.FragmentTableStart..], FragmentTableStart);
        BinaryPrimitives.WriteUInt64LittleEndian(s[SuperblockLayout.ExportTableStart..], ExportTableStart);
    }

    /// <summary>Parses and checks a superblock; <paramref name="source"/> names the image in errors.</summary>
    public static Superblock Read(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < SquashFsConstants.SuperblockSize)
        {
            throw new InvalidDataException($"{source}: {data.Length} bytes is too short for a SquashFS superblock.");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.Magic..]);
        if (magic != SquashFsConstants.Magic)
        {
            throw new InvalidDataException($"{source}: magic 0x{magic:x8} at offset 0 is not SquashFS (0x{SquashFsConstants.Magic:x8}).");
        }

        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.VersionMajor..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.VersionMinor..]);
        if (major != SquashFsConstants.VersionMajor || minor != SquashFsConstants.VersionMinor)
        {
            throw new NotSupportedException($"{source}: SquashFS version {major}.{minor} is not supported (only 4.0).");
        }

        uint blockSize = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.BlockSize..]);
        ushort blockLog = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.BlockLog..]);
        if (blockSize < SquashFsConstants.MinBlockSize || blockSize > SquashFsConstants.MaxBlockSize ||
            !System.Numerics.BitOperations.IsPow2(blockSize) || blockLog != System.Numerics.BitOperations.Log2(blockSize))
        {
            throw new InvalidDataException($"{source}: block size {blockSize} with block_log {blockLog} at offset {SuperblockLayout.BlockSize} is invalid.");
        }

        return new Superblock
        {
            InodeCount = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.InodeCount..]),
            ModificationTime = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.ModificationTime..]),
            BlockSize = blockSize,
            FragmentCount = BinaryPrimitives.ReadUInt32LittleEndian(data[SuperblockLayout.FragmentCount..]),
            Compressor = (SquashFsCompression)BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.Compressor..]),
            Flags = (SuperblockFlags)BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.Flags..]),
            IdCount = BinaryPrimitives.ReadUInt16LittleEndian(data[SuperblockLayout.IdCount..]),
            RootInode = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.RootInode..]),
            BytesUsed = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.BytesUsed..]),
            IdTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.IdTableStart..]),
            XattrIdTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.XattrIdTableStart..]),
            InodeTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.InodeTableStart..]),
            DirectoryTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.DirectoryTableStart..]),
            FragmentTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.FragmentTableStart..]),
            ExportTableStart = BinaryPrimitives.ReadUInt64LittleEndian(data[SuperblockLayout.ExportTableStart..]),
        };
    }
}
