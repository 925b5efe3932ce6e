namespace Flix.Recipes.Archives;

/// <summary>The next <c>length</c> bytes of another stream, as a stream of its own (an ar member, an rpm payload).</summary>
internal sealed class BoundedStream(Stream inner, long length) : Flix.Core.IO.ReadOnlyStream
{
    private long _left = length;

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        _left -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken).ConfigureAwait(false);
        _left -= read;
        return read;
    }
}
