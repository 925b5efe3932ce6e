using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Flix.SquashFs.Compression;

namespace Flix.SquashFs.Writing;

/// <summary>
/// Stores the data of every regular file: one reader reads the files in order, hashes them and packs tails
/// into fragments; <c>Parallelism</c> workers compress blocks; one writer stores the results strictly in order,
/// rolling back over a file's blocks when the file turns out to duplicate an earlier one.
/// Memory stays bounded: at most a fixed number of blocks is in flight.
/// </summary>
internal sealed partial class DataPipeline
{
    private const long ProgressStep = 4L << 20;

    private readonly Compressor _compressor;
    private readonly Stream _output;
    private readonly int _blockSize;
    private readonly bool _deduplicate;
    private readonly int _parallelism;
    private readonly IProgress<long>? _progress;
    private readonly Channel<BlockJob> _ordered;
    private readonly Channel<BlockJob> _work;
    private readonly List<(ulong Start, uint StoredSize)> _fragments = [];
    private long _position;

    public DataPipeline(Compressor compressor, Stream output, long dataStart, SquashFsWriterOptions options)
    {
        _compressor = compressor;
        _output = output;
        _position = dataStart;
        _blockSize = options.BlockSize;
        _deduplicate = options.Deduplicate;
        _parallelism = options.Parallelism;
        _progress = options.Progress;
        _ordered = Channel.CreateBounded<BlockJob>(new BoundedChannelOptions(Math.Max(32, _parallelism * 16))
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _work = Channel.CreateUnbounded<BlockJob>(new UnboundedChannelOptions { SingleWriter = true });
    }

    /// <summary>The fragment table: position and stored-size word of each fragment block, in index order.</summary>
    public IReadOnlyList<(ulong Start, uint StoredSize)> Fragments => _fragments;

    /// <summary>Position right after the last stored block.</summary>
    public long Position => _position;

    /// <summary>Stores the data of <paramref name="files"/> and sets each file's <see cref="InodeInfo.Data"/>.</summary>
    public async Task RunAsync(IReadOnlyList<InodeInfo> files, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    await ReadFilesAsync(files, token).ConfigureAwait(false);
                    _work.Writer.TryComplete();
                    _ordered.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    _work.Writer.TryComplete(e);
                    _ordered.Writer.TryComplete(e);
                    await stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None);

        var workers = new Task[_parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => CompressBlocksAsync(token), CancellationToken.None);
        }

        Exception? writerFailure = null;
        try
        {
            await WriteBlocksAsync(token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            writerFailure = e;
            await stop.CancelAsync().ConfigureAwait(false);
        }

        Exception? failure = await FirstFailureAsync(reader).ConfigureAwait(false);
        foreach (var worker in workers)
        {
            failure ??= await FirstFailureAsync(worker).ConfigureAwait(false);
        }

        if (failure is null && writerFailure is not null and not OperationCanceledException and not ChannelClosedException)
        {
            failure = writerFailure;
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (writerFailure is not null)
        {
            ExceptionDispatchInfo.Throw(writerFailure);
        }
    }

    /// <summary>Awaits <paramref name="task"/>; returns its exception unless it is a mere cancellation.</summary>
    private static async Task<Exception?> FirstFailureAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private async Task CompressBlocksAsync(CancellationToken cancellationToken)
    {
        await foreach (var job in _work.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var output = ArrayPool<byte>.Shared.Rent(_blockSize);
                int length = _compressor.Compress(job.Input.AsSpan(0, job.Length), output, metadata: false);
                if (length > 0 && length < job.Length)
                {
                    job.Output = output;
                    job.CompressedLength = length;
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(output);
                }

                job.Compressed!.TrySetResult();
            }
            catch (Exception e)
            {
                job.Compressed!.TrySetException(e);
                throw;
            }
        }
    }
}
