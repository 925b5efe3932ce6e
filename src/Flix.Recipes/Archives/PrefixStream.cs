namespace Flix.Recipes.Archives;

/// <summary>Bytes already read from a stream (to sniff its format), then the rest of it.</summary>
internal sealed class PrefixStream(byte[] prefix, int length, Stream rest) : Flix.Core.IO.ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < length)
        {
            var count = Math.Min(buffer.Length, length - _position);
            prefix.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        return rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _position < length ? ValueTask.FromResult(Read(buffer.Span)) : rest.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
