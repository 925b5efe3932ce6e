namespace Flix.SquashFs.Compression;

/// <summary>A write-only stream into a fixed array that throws <see cref="FullException"/> when it would overflow.</summary>
internal sealed class BoundedBufferStream : Stream
{
    private byte[] _buffer = [];
    private int _limit;
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Starts over with room for at most <paramref name="limit"/> bytes.</summary>
    public void Reset(int limit)
    {
        if (_buffer.Length < limit)
        {
            _buffer = new byte[limit];
        }

        _limit = limit;
        _length = 0;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length > _limit - _length)
        {
            throw new FullException();
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    internal sealed class FullException : IOException
    {
    }
}
