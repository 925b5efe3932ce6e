using System.Buffers.Binary;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

public sealed partial class SquashFsImage
{
    /// <summary>Decompressed metadata blocks are cached up to this many before the cache starts over.</summary>
    private const int MetadataCacheLimit = 2048;

    private readonly Dictionary<long, MetadataBlock> _metadataCache = [];

    /// <summary>
    /// Reads the metadata block whose header is at <paramref name="position"/>; the stored block must end at or
    /// before <paramref name="limit"/>.
    /// </summary>
    internal MetadataBlock ReadMetadataBlock(long position, long limit, string table)
    {
        lock (_metadataCache)
        {
            if (_metadataCache.TryGetValue(position, out var cached))
            {
                return cached;
            }
        }

        Span<byte> header = stackalloc byte[SquashFsConstants.MetadataHeaderSize];
        if (position < SquashFsConstants.SuperblockSize || position > limit - SquashFsConstants.MetadataHeaderSize)
        {
            ThrowHelper.Invalid(Name, $"a {table} metadata block at offset {position} lies outside its table (which ends at {limit}).");
        }

        ReadAt(position, header, $"the {table} metadata block header");
        ushort word = BinaryPrimitives.ReadUInt16LittleEndian(header);
        int stored = word & ~SquashFsConstants.MetadataUncompressedBit;
        bool uncompressed = (word & SquashFsConstants.MetadataUncompressedBit) != 0;
        if (stored == 0 || stored > SquashFsConstants.MetadataBlockSize)
        {
            ThrowHelper.Invalid(Name, $"the {table} metadata block at offset {position} has an invalid header 0x{word:x4}.");
        }

        long dataStart = position + SquashFsConstants.MetadataHeaderSize;
        if (dataStart > limit - stored)
        {
            ThrowHelper.Invalid(Name, $"the {table} metadata block at offset {position} ({stored} bytes) runs past the end of its table at {limit}.");
        }

        byte[] data;
        if (uncompressed)
        {
            data = new byte[stored];
            ReadAt(dataStart, data, $"the {table} metadata block");
        }
        else
        {
            var raw = new byte[stored];
            ReadAt(dataStart, raw, $"the {table} metadata block");
            var buffer = new byte[SquashFsConstants.MetadataBlockSize];
            int length = Decompress(raw, buffer, position, $"the {table} metadata block");
            if (length == 0)
            {
                ThrowHelper.Invalid(Name, $"the {table} metadata block at offset {position} decompresses to nothing.");
            }

            data = length == buffer.Length ? buffer : buffer[..length];
        }

        var block = new MetadataBlock(data, dataStart + stored);
        lock (_metadataCache)
        {
            if (_metadataCache.Count >= MetadataCacheLimit)
            {
                _metadataCache.Clear();
            }

            _metadataCache[position] = block;
        }

        return block;
    }

    /// <summary>A cursor at <paramref name="reference"/> in the metadata stream that starts at <paramref name="tableStart"/>.</summary>
    internal MetadataCursor Cursor(long tableStart, long tableEnd, ulong reference, string table)
    {
        ulong blockOffset = reference >> 16;
        int offset = (int)(reference & 0xFFFF);
        if (blockOffset >= (ulong)(tableEnd - tableStart) || offset >= SquashFsConstants.MetadataBlockSize)
        {
            ThrowHelper.Invalid(Name, $"the {table} reference 0x{reference:x} points outside the table ({tableEnd - tableStart} bytes from {tableStart}).");
        }

        return new MetadataCursor(this, tableEnd, table, new MetadataPosition(tableStart + (long)blockOffset, offset));
    }

    /// <summary>Entry <paramref name="index"/> of a two-level lookup table (id, fragment, xattr id).</summary>
    internal void ReadLookupEntry(long indexStart, uint index, int entrySize, Span<byte> destination, string table)
    {
        long byteOffset = (long)index * entrySize;
        long block = byteOffset / SquashFsConstants.MetadataBlockSize;
        int offset = (int)(byteOffset % SquashFsConstants.MetadataBlockSize);
        Span<byte> pointer = stackalloc byte[LookupTableLayout.IndexEntrySize];
        ReadAt(indexStart + (block * LookupTableLayout.IndexEntrySize), pointer, $"the {table} index entry {block}");
        ulong blockPosition = BinaryPrimitives.ReadUInt64LittleEndian(pointer);
        if (blockPosition >= (ulong)indexStart)
        {
            ThrowHelper.Invalid(Name, $"the {table} index entry {block} at offset {indexStart + (block * LookupTableLayout.IndexEntrySize)} points at {blockPosition}, not below the index at {indexStart}.");
        }

        var data = ReadMetadataBlock((long)blockPosition, indexStart, table);
        if (offset + entrySize > data.Length)
        {
            ThrowHelper.Invalid(Name, $"the {table} metadata block at offset {blockPosition} holds {data.Length} bytes, too few for entry {index}.");
        }

        data.Data.AsSpan(offset, entrySize).CopyTo(destination);
    }
}

/// <summary>A decompressed metadata block and the file offset of the block that follows it.</summary>
internal sealed record MetadataBlock(byte[] Data, long Next)
{
    public int Length => Data.Length;
}

/// <summary>Reads a metadata stream across block boundaries.</summary>
internal sealed class MetadataCursor
{
    private readonly SquashFsImage _image;
    private readonly long _limit;
    private readonly string _table;

    public MetadataCursor(SquashFsImage image, long limit, string table, MetadataPosition position)
    {
        _image = image;
        _limit = limit;
        _table = table;
        Position = position;
    }

    public MetadataPosition Position { get; private set; }

    public void Read(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var block = _image.ReadMetadataBlock(Position.Block, _limit, _table);
            int offset = Position.Offset;
            if (offset >= block.Length)
            {
                if (offset == block.Length && offset == SquashFsConstants.MetadataBlockSize)
                {
                    Position = new MetadataPosition(block.Next, 0);
                    continue;
                }

                ThrowHelper.Invalid(_image.Name, $"a {_table} record at offset {offset} of the metadata block at {Position.Block} lies beyond its {block.Length} bytes.");
            }

            int count = Math.Min(destination.Length, block.Length - offset);
            block.Data.AsSpan(offset, count).CopyTo(destination);
            destination = destination[count..];
            offset += count;
            Position = offset == block.Length ? new MetadataPosition(block.Next, 0) : new MetadataPosition(Position.Block, offset);
        }
    }

    public ushort ReadUInt16()
    {
        Span<byte> b = stackalloc byte[sizeof(ushort)];
        Read(b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    public uint ReadUInt32()
    {
        Span<byte> b = stackalloc byte[sizeof(uint)];
        Read(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong ReadUInt64()
    {
        Span<byte> b = stackalloc byte[sizeof(ulong)];
        Read(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>Moves to <paramref name="position"/> (one this cursor reported earlier).</summary>
    public void Seek(MetadataPosition position) => Position = position;
}
