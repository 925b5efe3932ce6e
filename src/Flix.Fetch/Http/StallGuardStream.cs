using Flix.Core.IO;

namespace Flix.Fetch.Http;

/// <summary>
/// A read-only view of a response body that fails a read with <see cref="IOException"/> when no byte arrives for
/// the stall timeout, so a server that stops sending mid-body is treated like a cut connection.
/// </summary>
public sealed class StallGuardStream(Stream inner, TimeSpan timeout) : ReadOnlyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(timeout);
        try
        {
            return await inner.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"No data arrived for {timeout.TotalSeconds:0.#} s.", e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the body asynchronously.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
