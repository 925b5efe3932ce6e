using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

/// <summary>
/// A read-only, seekable view of one regular file: full blocks from the block list, then the tail from its
/// fragment. The block list is read incrementally, so memory stays at one block whatever the file size.
/// </summary>
internal sealed class SquashFsFileStream : Stream
{
    private readonly SquashFsImage _image;
    private readonly Inode _inode;
    private readonly string _path;
    private readonly long _length;
    private readonly int _blockSize;
    private readonly MetadataCursor _blockList;

    private long _position;
    private long _cachedIndex = -1;
    private byte[] _cached = [];

    // The block-list walk: the next word to read and the file offset of its block.
    private long _nextWord;
    private long _nextBlockPosition;
    private bool _disposed;

    public SquashFsFileStream(SquashFsImage image, Inode inode, string path)
    {
        _image = image;
        _inode = inode;
        _path = path;
        _length = (long)inode.FileSize;
        _blockSize = image.BlockSize;
        _blockList = new MetadataCursor(image, (long)image.Superblock.DirectoryTableStart, "inode table", inode.BlockList);
        RestartBlockList();
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int total = 0;
        while (buffer.Length > 0 && _position < _length)
        {
            long index = _position / _blockSize;
            var block = GetBlock(index);
            int offset = (int)(_position - (index * _blockSize));
            int count = Math.Min(buffer.Length, block.Length - offset);
            block.AsSpan(offset, count).CopyTo(buffer);
            buffer = buffer[count..];
            _position += count;
            total += count;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>The content of block <paramref name="index"/> (the last one may be short).</summary>
    private byte[] GetBlock(long index)
    {
        if (index == _cachedIndex)
        {
            return _cached;
        }

        int expected = (int)Math.Min(_blockSize, _length - (index * _blockSize));
        byte[] data;
        if (index >= _inode.BlockCount)
        {
            // The tail lives in a fragment.
            var fragment = _image.ReadFragment(_inode.Fragment, _path);
            if ((long)_inode.FragmentOffset + expected > fragment.Length)
            {
                ThrowHelper.Invalid(_image.Name, $"the tail of '{_path}' ({expected} bytes at {_inode.FragmentOffset}) runs past fragment {_inode.Fragment} of {fragment.Length} bytes.");
            }

            data = fragment.AsSpan((int)_inode.FragmentOffset, expected).ToArray();
        }
        else
        {
            if (index < _nextWord)
            {
                RestartBlockList();
            }

            uint word;
            long blockPosition;
            while (true)
            {
                word = _blockList.ReadUInt32();
                blockPosition = _nextBlockPosition;
                _nextBlockPosition += word & SquashFsConstants.DataSizeMask;
                _nextWord++;
                if (_nextWord > index)
                {
                    break;
                }
            }

            data = _image.ReadDataBlock(blockPosition, word, expected, $"block {index} of '{_path}'");
        }

        _cachedIndex = index;
        _cached = data;
        return data;
    }

    private void RestartBlockList()
    {
        _blockList.Seek(_inode.BlockList);
        _nextWord = 0;
        _nextBlockPosition = (long)Math.Min(_inode.BlocksStart, long.MaxValue / 2);
    }
}
