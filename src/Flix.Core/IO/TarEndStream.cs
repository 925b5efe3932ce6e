namespace Flix.Core.IO;

/// <summary>
/// A tar stream (the caller keeps owning it) read through to its end-of-archive blocks even when its writer left them out: when the data stops
/// at a 512-byte block boundary, two zero blocks follow, as Go's and GNU tar's readers take such a stream (umoci 0.4
/// writes layers that way). <see cref="DataLength"/> lets the reader check that no entry's data ran into the supplied
/// blocks, which would be a truncated archive rather than a missing marker.
/// </summary>
public sealed class TarEndStream(Stream inner) : ReadOnlyStream
{
    private const int BlockSize = 512;
    private const int EndLength = 2 * BlockSize;

    private long _supplied = -1;

    /// <summary>The bytes read so far, the supplied blocks included.</summary>
    public long Consumed { get; private set; }

    /// <summary>The length of the real data once it has ended; until then, what has been read of it.</summary>
    public long DataLength => _supplied < 0 ? Consumed : Consumed - _supplied;

    public override int Read(Span<byte> buffer)
    {
        int read = _supplied < 0 ? inner.Read(buffer) : 0;
        return Count(read == 0 && buffer.Length > 0 ? Supply(buffer) : read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = _supplied < 0 ? await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) : 0;
        return Count(read == 0 && buffer.Length > 0 ? Supply(buffer.Span) : read);
    }

    private int Count(int read)
    {
        Consumed += read;
        return read;
    }

    /// <summary>At the end of the data: zero bytes of the end blocks when the data stopped on a block boundary, else the end.</summary>
    private int Supply(Span<byte> buffer)
    {
        if (_supplied < 0)
        {
            if (Consumed % BlockSize != 0)
            {
                return 0;
            }

            _supplied = 0;
        }

        int count = (int)Math.Min(buffer.Length, EndLength - _supplied);
        buffer[..count].Clear();
        _supplied += count;
        return count;
    }
}
