using System.Buffers;
using System.Security.Cryptography;
using Flix.Core.Tree;

namespace Flix.SquashFs.Writing;

internal sealed partial class DataPipeline
{
    private async Task ReadFilesAsync(IReadOnlyList<InodeInfo> files, CancellationToken cancellationToken)
    {
        var fragment = ArrayPool<byte>.Shared.Rent(_blockSize);
        int fragmentUsed = 0;
        uint fragmentIndex = 0;
        using var hash = _deduplicate ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var digest = new byte[SHA256.HashSizeInBytes];
        var seen = new Dictionary<ContentKey, InodeInfo>();

        // Only a file whose size another file shares can be a duplicate: hash just those.
        var sharedSizes = _deduplicate ? SizesHeldByMoreThanOneFile(files) : null;

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var content = file.Node.Content!;
            long size = content.Length;
            long fullBlocks = size / _blockSize;
            int tail = (int)(size % _blockSize);
            byte[]? tailBuffer = null;
            var fileHash = sharedSizes is not null && sharedSizes.Contains(size) ? hash : null;
            if (size > 0)
            {
                string name = Describe(file.Path, content);
                using var stream = Open(content, name);
                for (long i = 0; i < fullBlocks; i++)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(_blockSize);
                    ReadExactly(stream, buffer.AsSpan(0, _blockSize), name, i * _blockSize, size);
                    fileHash?.AppendData(buffer, 0, _blockSize);
                    await EmitBlockAsync(buffer, _blockSize, cancellationToken).ConfigureAwait(false);
                }

                if (tail > 0)
                {
                    tailBuffer = ArrayPool<byte>.Shared.Rent(_blockSize);
                    ReadExactly(stream, tailBuffer.AsSpan(0, tail), name, fullBlocks * _blockSize, size);
                    fileHash?.AppendData(tailBuffer, 0, tail);
                }
            }

            var end = new BlockJob(BlockJobKind.FileEnd, tail) { File = file };
            if (fileHash is not null)
            {
                fileHash.GetHashAndReset(digest);
                var key = ContentKey.Create(size, digest);
                if (seen.TryGetValue(key, out var first))
                {
                    end.DuplicateOf = first;
                }
                else
                {
                    seen.Add(key, file);
                }
            }

            if (tailBuffer is not null)
            {
                if (end.DuplicateOf is null)
                {
                    if (!tailBuffer.AsSpan(0, tail).ContainsAnyExcept((byte)0))
                    {
                        // An all-zero tail becomes a sparse last block rather than fragment bytes.
                        await EmitAsync(new BlockJob(BlockJobKind.Sparse, tail), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        if (fragmentUsed + tail > _blockSize)
                        {
                            await EmitAsync(CreateDataJob(BlockJobKind.Fragment, fragment, fragmentUsed), cancellationToken).ConfigureAwait(false);
                            fragment = ArrayPool<byte>.Shared.Rent(_blockSize);
                            fragmentUsed = 0;
                            fragmentIndex++;
                        }

                        tailBuffer.AsSpan(0, tail).CopyTo(fragment.AsSpan(fragmentUsed));
                        end.Fragment = fragmentIndex;
                        end.FragmentOffset = (uint)fragmentUsed;
                        fragmentUsed += tail;
                    }
                }

                ArrayPool<byte>.Shared.Return(tailBuffer);
            }

            await EmitAsync(end, cancellationToken).ConfigureAwait(false);
        }

        if (fragmentUsed > 0)
        {
            await EmitAsync(CreateDataJob(BlockJobKind.Fragment, fragment, fragmentUsed), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(fragment);
        }
    }

    private static HashSet<long> SizesHeldByMoreThanOneFile(IReadOnlyList<InodeInfo> files)
    {
        var once = new HashSet<long>();
        var shared = new HashSet<long>();
        foreach (var file in files)
        {
            long size = file.Node.Content!.Length;
            if (!once.Add(size))
            {
                shared.Add(size);
            }
        }

        return shared;
    }

    private ValueTask EmitBlockAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        if (buffer.AsSpan(0, length).ContainsAnyExcept((byte)0))
        {
            return EmitAsync(CreateDataJob(BlockJobKind.Data, buffer, length), cancellationToken);
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return EmitAsync(new BlockJob(BlockJobKind.Sparse, length), cancellationToken);
    }

    private static BlockJob CreateDataJob(BlockJobKind kind, byte[] buffer, int length) => new(kind, length)
    {
        Input = buffer,
        Compressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
    };

    private async ValueTask EmitAsync(BlockJob job, CancellationToken cancellationToken)
    {
        if (job.Compressed is not null)
        {
            await _work.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
        }

        await _ordered.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image path of a file, and the disk path its bytes come from when there is one.</summary>
    private static string Describe(string path, FileContent content) =>
        content is DiskFileContent disk ? $"'{path}' (from '{disk.Path}')" : $"'{path}'";

    private static Stream Open(FileContent content, string name)
    {
        try
        {
            return content.OpenRead();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot open {name} to store it in the image: {e.Message}", e);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, long offset, long size)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read;
            try
            {
                read = stream.Read(buffer[total..]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot read {name} at offset {offset + total}: {e.Message}", e);
            }

            if (read == 0)
            {
                WriterThrowHelper.ThrowSourceShrank(name, offset + total, size);
            }

            total += read;
        }
    }
}
