namespace Flix.Erofs.Reading;

/// <summary>
/// A read-only, forward-only stream over a file's data as the readers produce it in pieces; checks at the end that
/// the pieces add up to the file's size.
/// </summary>
internal sealed class ErofsFileStream : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> _pieces;
    private readonly long _length;
    private readonly string _what;
    private ReadOnlyMemory<byte> _current;
    private long _position;
    private bool _disposed;

    public ErofsFileStream(IEnumerable<ReadOnlyMemory<byte>> pieces, long length, string what)
    {
        _pieces = pieces.GetEnumerator();
        _length = length;
        _what = what;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("EROFS file streams are read front to back.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int total = 0;
        while (buffer.Length > 0 && _position < _length)
        {
            if (_current.IsEmpty)
            {
                if (!_pieces.MoveNext())
                {
                    throw new InvalidDataException($"{_what}: the data ends after {_position} of {_length} bytes.");
                }

                _current = _pieces.Current;
                if (_current.Length > _length - _position)
                {
                    throw new InvalidDataException($"{_what}: the data runs past its size of {_length} bytes.");
                }

                continue;
            }

            int count = Math.Min(buffer.Length, _current.Length);
            _current.Span[..count].CopyTo(buffer);
            _current = _current[count..];
            buffer = buffer[count..];
            _position += count;
            total += count;
        }

        return total;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("EROFS file streams are read front to back.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _pieces.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }
}
