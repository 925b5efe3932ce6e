using System.Buffers.Binary;
using Flix.SquashFs.Compression.Interop;

namespace Flix.SquashFs.Compression;

/// <summary>
/// SquashFS "lz4": a raw LZ4 block (no frame) per block from liblz4. The image must carry the options block
/// (version 1, flags), which the kernel and unsquashfs require.
/// </summary>
public sealed class Lz4Compressor : Compressor
{
    /// <summary>The only options version the format knows ("LZ4 legacy").</summary>
    public const uint OptionsVersion = 1;

    /// <summary>Options flag: blocks were made by the high-compression encoder.</summary>
    public const uint HighCompressionFlag = 1;

    public const int OptionsSize = 8;

    /// <summary>The HC level used when a level asks for HC without naming one (LZ4HC_CLEVEL_DEFAULT).</summary>
    public const int DefaultHighCompressionLevel = 9;

    public const int MaxHighCompressionLevel = 12;

    private readonly byte[] _options = new byte[OptionsSize];

    /// <summary>
    /// <paramref name="level"/> null, 0 or 1 selects the fast default encoder (as mksquashfs does by default);
    /// 2..12 selects the HC encoder at that level.
    /// </summary>
    public Lz4Compressor(int? level = null)
    {
        if (level is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(level));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(l, MaxHighCompressionLevel, nameof(level));
        }

        HighCompressionLevel = level is > 1 ? level.Value : 0;
        BinaryPrimitives.WriteUInt32LittleEndian(_options, OptionsVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(_options.AsSpan(sizeof(uint)), IsHighCompression ? HighCompressionFlag : 0);
    }

    /// <summary>The HC level, or 0 for the default encoder.</summary>
    public int HighCompressionLevel { get; }

    public bool IsHighCompression => HighCompressionLevel > 0;

    public override SquashFsCompression Id => SquashFsCompression.Lz4;

    public override ReadOnlyMemory<byte> Options => _options;

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata)
    {
        int capacity = Math.Min(destination.Length, source.Length - 1);
        if (capacity <= 0)
        {
            return 0;
        }

        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            // Both return 0 when the output does not fit: the block would not shrink.
            return IsHighCompression
                ? Lz4.CompressHC(s, d, source.Length, capacity, HighCompressionLevel)
                : Lz4.CompressDefault(s, d, source.Length, capacity);
        }
    }

    public override unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int result;
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            result = Lz4.DecompressSafe(s, d, source.Length, destination.Length);
        }

        if (result < 0 || (result == 0 && source.Length != 1))
        {
            throw new InvalidDataException($"An lz4 block of {source.Length} bytes is corrupt or inflates to more than {destination.Length} bytes.");
        }

        return result;
    }

    /// <summary>Checks an lz4 options payload; returns whether it names the HC encoder.</summary>
    internal static bool ParseOptions(ReadOnlySpan<byte> options, string source)
    {
        if (options.Length != OptionsSize)
        {
            throw new InvalidDataException($"{source}: the lz4 options block has {options.Length} bytes instead of {OptionsSize}.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(options);
        if (version != OptionsVersion)
        {
            throw new NotSupportedException($"{source}: lz4 options version {version} is not supported (only {OptionsVersion}).");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(options[sizeof(uint)..]);
        if ((flags & ~HighCompressionFlag) != 0)
        {
            throw new NotSupportedException($"{source}: lz4 options flags 0x{flags:x} are not supported.");
        }

        return flags == HighCompressionFlag;
    }
}
