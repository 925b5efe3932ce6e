using System.Buffers.Binary;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

/// <summary>
/// Builds one metadata stream (inode table, directory table, xattr area, lookup table) in memory:
/// the logical bytes are cut into 8 KiB blocks, each compressed (or stored raw when that does not shrink it)
/// behind its u16 header. A full block is flushed at once, so <see cref="Reference"/> never points at the
/// end of a block.
/// </summary>
internal sealed class MetadataStreamWriter
{
    private const int BlockSize = SquashFsConstants.MetadataBlockSize;

    private readonly Compressor _compressor;
    private readonly byte[] _block = new byte[BlockSize];
    private readonly byte[] _scratch = new byte[BlockSize];
    private readonly MemoryStream _output = new();
    private readonly List<long> _blockStarts = [];
    private int _used;

    public MetadataStreamWriter(Compressor compressor) => _compressor = compressor;

    /// <summary>Bytes of compressed blocks so far (the block_pos of the block being filled).</summary>
    public long StoredLength => _output.Length;

    /// <summary>Logical bytes written so far.</summary>
    public long Length => ((long)_blockStarts.Count * BlockSize) + _used;

    /// <summary>The ref (block_pos &lt;&lt; 16 | offset) of the next byte to be written, relative to the stream start.</summary>
    public ulong Reference => ((ulong)_output.Length << 16) | (uint)_used;

    /// <summary>Start of every flushed block, relative to the stream start.</summary>
    public IReadOnlyList<long> BlockStarts => _blockStarts;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int count = Math.Min(data.Length, BlockSize - _used);
            data[..count].CopyTo(_block.AsSpan(_used));
            _used += count;
            data = data[count..];
            if (_used == BlockSize)
            {
                FlushBlock();
            }
        }
    }

    /// <summary>Flushes the last partial block; call once when the stream is complete.</summary>
    public void Finish()
    {
        if (_used > 0)
        {
            FlushBlock();
        }
    }

    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            throw new InvalidOperationException($"The metadata stream still holds {_used} unflushed bytes.");
        }

        await destination.WriteAsync(_output.GetBuffer().AsMemory(0, (int)_output.Length), cancellationToken).ConfigureAwait(false);
    }

    private void FlushBlock()
    {
        _blockStarts.Add(_output.Length);
        var source = _block.AsSpan(0, _used);
        int compressed = _compressor.Compress(source, _scratch, metadata: true);
        Span<byte> header = stackalloc byte[SquashFsConstants.MetadataHeaderSize];
        if (compressed > 0 && compressed < _used)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)compressed);
            _output.Write(header);
            _output.Write(_scratch.AsSpan(0, compressed));
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(_used | SquashFsConstants.MetadataUncompressedBit));
            _output.Write(header);
            _output.Write(source);
        }

        _used = 0;
    }
}
