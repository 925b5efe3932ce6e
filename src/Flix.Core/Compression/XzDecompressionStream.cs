using System.Runtime.InteropServices;
using Flix.Core.Compression.Interop;

namespace Flix.Core.Compression;

/// <summary>Decompresses .xz data (concatenated streams too) through the system's liblzma, with a memory limit.</summary>
public sealed unsafe class XzDecompressionStream : DecompressionStream
{
    /// <summary>The most memory the decoder may use: 1 GiB (xz -9 needs 65 MiB).</summary>
    public const ulong MemoryLimit = 1UL << 30;

    private LzmaDecoder.LzmaStream* _stream;

    public XzDecompressionStream(Stream source, bool leaveOpen = false)
        : base(source, leaveOpen)
    {
        _stream = (LzmaDecoder.LzmaStream*)NativeMemory.AllocZeroed((nuint)sizeof(LzmaDecoder.LzmaStream));
        Check(LzmaDecoder.StreamDecoder(_stream, MemoryLimit, LzmaDecoder.Concatenated));
    }

    protected override string FormatName => "xz";

    protected override (int Consumed, int Produced, bool StreamEnd) Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEnded)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            _stream->NextIn = inputPointer;
            _stream->AvailIn = (nuint)input.Length;
            _stream->NextOut = outputPointer;
            _stream->AvailOut = (nuint)output.Length;
            var result = LzmaDecoder.Code(_stream, inputEnded ? LzmaDecoder.Finish : LzmaDecoder.Run);
            var consumed = input.Length - (int)_stream->AvailIn;
            var produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            if (result == LzmaDecoder.StreamEnd)
            {
                return (consumed, produced, true);
            }

            Check(result);
            return (consumed, produced, false);
        }
    }

    /// <summary>Concatenated streams are decoded by liblzma itself (LZMA_CONCATENATED): nothing follows its end.</summary>
    protected override void Restart() =>
        throw new InvalidDataException("The xz data has bytes after its end.");

    protected override void Dispose(bool disposing)
    {
        if (_stream is not null)
        {
            LzmaDecoder.End(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }

        base.Dispose(disposing);
    }

    private static void Check(int result)
    {
        if (result != LzmaDecoder.Ok)
        {
            throw new InvalidDataException(result switch
            {
                5 => "The xz data needs more memory than the 1 GiB limit.",
                7 => "The data is not in the xz format.",
                8 => "The xz stream uses options this liblzma does not support.",
                9 => "The xz data is corrupt.",
                _ => $"liblzma failed with code {result}.",
            });
        }
    }
}
