using Flix.Core.IO;
namespace Flix.Oci.Layers;

/// <summary>Passes a decompressed layer through and fails once it grows past a cap: the guard against decompression bombs.</summary>
internal sealed class LayerSizeLimitStream(Stream inner, long limit, string layerDigest) : ReadOnlyStream
{
    private long _total;

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _total += read;
        if (_total > limit)
        {
            throw new LayerFormatException(layerDigest, null, $"the layer decompresses to more than {limit} bytes, the limit.");
        }

        return read;
    }
}
