using System.Buffers.Binary;
using Flix.Core.Interop;

namespace Flix.SquashFs.Compression;

/// <summary>
/// SquashFS "zstd": one zstd frame per block from libzstd, compressed in one shot so that the frame header carries the
/// content size and the window never exceeds the block (the kernel allows at most max(block size, 8 KiB)).
/// </summary>
public sealed class ZstdCompressor : Compressor
{
    /// <summary>mksquashfs's default zstd level.</summary>
    public const int DefaultLevel = 15;

    public const int MaxLevel = 22;

    [ThreadStatic]
    private static ZstdContexts? t_contexts;

    private readonly byte[] _options;

    public ZstdCompressor(int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        Level = level;

        // mksquashfs stores the (informational) level only when it differs from the default.
        if (level != DefaultLevel)
        {
            _options = new byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(_options, (uint)level);
        }
        else
        {
            _options = [];
        }
    }

    public int Level { get; }

    public override SquashFsCompression Id => SquashFsCompression.Zstd;

    public override ReadOnlyMemory<byte> Options => _options;

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata)
    {
        int capacity = Math.Min(destination.Length, source.Length - 1);
        if (capacity <= 0)
        {
            return 0;
        }

        var contexts = t_contexts ??= new ZstdContexts();
        nuint result;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            result = Zstd.CompressCCtx(contexts.Compression, d, (nuint)capacity, s, (nuint)source.Length, Level);
        }

        GC.KeepAlive(contexts);
        if (Zstd.IsError(result) != 0)
        {
            // The only error on valid input is "destination too small": the block would not shrink.
            return 0;
        }

        return (int)result;
    }

    public override unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var contexts = t_contexts ??= new ZstdContexts();
        nuint result;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            result = Zstd.DecompressDCtx(contexts.Decompression, d, (nuint)destination.Length, s, (nuint)source.Length);
        }

        GC.KeepAlive(contexts);
        if (Zstd.IsError(result) != 0)
        {
            throw new InvalidDataException(
                $"A zstd block of {source.Length} bytes does not decompress into {destination.Length} bytes: {Zstd.ErrorName(result)}.");
        }

        return (int)result;
    }

    /// <summary>One thread's libzstd contexts, freed when the thread's reference goes away.</summary>
    private sealed class ZstdContexts
    {
        public ZstdContexts()
        {
            Compression = Zstd.CreateCCtx();
            Decompression = Zstd.CreateDCtx();
            if (Compression == 0 || Decompression == 0)
            {
                Release();
                throw new OutOfMemoryException("libzstd could not allocate a compression context.");
            }
        }

        ~ZstdContexts() => Release();

        public nint Compression { get; private set; }

        public nint Decompression { get; private set; }

        private void Release()
        {
            if (Compression != 0)
            {
                Zstd.FreeCCtx(Compression);
                Compression = 0;
            }

            if (Decompression != 0)
            {
                Zstd.FreeDCtx(Decompression);
                Decompression = 0;
            }
        }
    }
}
