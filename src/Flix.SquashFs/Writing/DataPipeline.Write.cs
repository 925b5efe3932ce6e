using System.Buffers;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

internal sealed partial class DataPipeline
{
    private async Task WriteBlocksAsync(CancellationToken cancellationToken)
    {
        _output.Position = _position;
        var sizes = new List<uint>();
        long fileStart = -1;
        long consumed = 0;
        long reported = 0;
        await foreach (var job in _ordered.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (job.Compressed is not null)
            {
                await job.Compressed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            switch (job.Kind)
            {
                case BlockJobKind.Data:
                    if (fileStart < 0)
                    {
                        fileStart = _position;
                    }

                    sizes.Add(await StoreAsync(job, cancellationToken).ConfigureAwait(false));
                    consumed += job.Length;
                    break;

                case BlockJobKind.Sparse:
                    if (fileStart < 0)
                    {
                        fileStart = _position;
                    }

                    sizes.Add(0);
                    consumed += job.Length;
                    break;

                case BlockJobKind.Fragment:
                    ulong start = (ulong)_position;
                    _fragments.Add((start, await StoreAsync(job, cancellationToken).ConfigureAwait(false)));
                    break;

                case BlockJobKind.FileEnd:
                    consumed += job.Length;
                    var file = job.File!;
                    if (job.DuplicateOf is { } first)
                    {
                        if (fileStart >= 0 && fileStart != _position)
                        {
                            _position = fileStart;
                            _output.Position = _position;
                        }

                        file.Data = first.Data;
                    }
                    else
                    {
                        file.Data = new FileData(fileStart < 0 ? 0 : (ulong)fileStart, sizes.ToArray(), job.Fragment, job.FragmentOffset);
                    }

                    sizes.Clear();
                    fileStart = -1;
                    if (consumed - reported >= ProgressStep)
                    {
                        _progress?.Report(consumed);
                        reported = consumed;
                    }

                    break;
            }
        }

        if (consumed != reported)
        {
            _progress?.Report(consumed);
        }
    }

    /// <summary>Writes a compressed or raw block and returns its block-list word.</summary>
    private async ValueTask<uint> StoreAsync(BlockJob job, CancellationToken cancellationToken)
    {
        uint word;
        if (job.Output is { } output)
        {
            await _output.WriteAsync(output.AsMemory(0, job.CompressedLength), cancellationToken).ConfigureAwait(false);
            _position += job.CompressedLength;
            word = (uint)job.CompressedLength;
            ArrayPool<byte>.Shared.Return(output);
        }
        else
        {
            await _output.WriteAsync(job.Input.AsMemory(0, job.Length), cancellationToken).ConfigureAwait(false);
            _position += job.Length;
            word = (uint)job.Length | SquashFsConstants.DataUncompressedBit;
        }

        ArrayPool<byte>.Shared.Return(job.Input!);
        return word;
    }
}
