using Flix.SquashFs.Compression.Interop;

namespace Flix.SquashFs.Compression;

/// <summary>
/// SquashFS "xz": a complete .xz stream per block from liblzma, with a single LZMA2 filter (no BCJ) and a CRC32 check.
/// The LZMA2 dictionary is the block size for data blocks and 8 KiB for metadata blocks, as the kernel requires
/// (it preallocates max(8 KiB, block size) and fails on a larger dictionary). No options block is needed for that.
/// </summary>
public sealed class XzCompressor : Compressor
{
    /// <summary>mksquashfs's xz preset.</summary>
    public const int DefaultLevel = 6;

    /// <summary>Decoding never uses more memory than this (a hostile header may ask for gigabytes).</summary>
    private const ulong DecoderMemoryLimit = 256UL << 20;

    private readonly Lzma.OptionsLzma _dataOptions;
    private readonly Lzma.OptionsLzma _metadataOptions;

    public XzCompressor(int blockSize, int level = DefaultLevel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, Format.SquashFsConstants.MinBlockSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, Format.SquashFsConstants.MaxBlockSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        BlockSize = blockSize;
        Level = level;
        _dataOptions = CreateOptions(level, (uint)blockSize);
        _metadataOptions = CreateOptions(level, Format.SquashFsConstants.MetadataBlockSize);
    }

    public int BlockSize { get; }

    public int Level { get; }

    public override SquashFsCompression Id => SquashFsCompression.Xz;

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata)
    {
        int capacity = Math.Min(destination.Length, source.Length - 1);
        if (capacity <= 0)
        {
            return 0;
        }

        var options = metadata ? _metadataOptions : _dataOptions;
        var filters = stackalloc Lzma.Filter[2];
        filters[0] = new Lzma.Filter { Id = Lzma.FilterLzma2, Options = (nint)(&options) };
        filters[1] = new Lzma.Filter { Id = Lzma.VliUnknown, Options = 0 };
        nuint written = 0;
        int ret;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            ret = Lzma.StreamBufferEncode(filters, Lzma.CheckCrc32, 0, s, (nuint)source.Length, d, &written, (nuint)capacity);
        }

        return ret switch
        {
            Lzma.Ok => (int)written,
            Lzma.BufError => 0, // would not shrink
            _ => throw new InvalidOperationException($"liblzma failed to compress a block of {source.Length} bytes (lzma_ret {ret})."),
        };
    }

    public override unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong memoryLimit = DecoderMemoryLimit;
        nuint inputPosition = 0;
        nuint outputPosition = 0;
        int ret;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            ret = Lzma.StreamBufferDecode(&memoryLimit, 0, 0, s, &inputPosition, (nuint)source.Length, d, &outputPosition, (nuint)destination.Length);
        }

        if (ret != Lzma.Ok)
        {
            string why = ret switch
            {
                Lzma.BufError => $"it is truncated or inflates to more than {destination.Length} bytes",
                Lzma.MemLimitError => $"it needs more than {DecoderMemoryLimit} bytes of decoder memory",
                _ => $"lzma_ret {ret}",
            };
            throw new InvalidDataException($"An xz block of {source.Length} bytes is corrupt: {why}.");
        }

        if (inputPosition != (nuint)source.Length)
        {
            throw new InvalidDataException($"An xz block of {source.Length} bytes has {(nuint)source.Length - inputPosition} bytes after its stream.");
        }

        return (int)outputPosition;
    }

    private static Lzma.OptionsLzma CreateOptions(int level, uint dictionarySize)
    {
        var options = default(Lzma.OptionsLzma);
        if (Lzma.LzmaPreset(ref options, (uint)level) != 0)
        {
            throw new NotSupportedException($"liblzma does not support preset {level}.");
        }

        options.DictSize = dictionarySize;
        return options;
    }
}
