using System.Runtime.InteropServices;
using Flix.Core.Compression.Interop;

namespace Flix.Core.Compression;

/// <summary>Decompresses bzip2 data (concatenated streams too) through the system's libbz2.</summary>
public sealed unsafe class Bzip2DecompressionStream : DecompressionStream
{
    private Bzip2Decoder.BzStream* _stream;

    public Bzip2DecompressionStream(Stream source, bool leaveOpen = false)
        : base(source, leaveOpen)
    {
        _stream = (Bzip2Decoder.BzStream*)NativeMemory.AllocZeroed((nuint)sizeof(Bzip2Decoder.BzStream));
        Check(Bzip2Decoder.DecompressInit(_stream, 0, 0));
    }

    protected override string FormatName => "bzip2";

    protected override (int Consumed, int Produced, bool StreamEnd) Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEnded)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            _stream->NextIn = inputPointer;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = outputPointer;
            _stream->AvailOut = (uint)output.Length;
            var result = Bzip2Decoder.Decompress(_stream);
            var consumed = input.Length - (int)_stream->AvailIn;
            var produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            if (result == Bzip2Decoder.StreamEnd)
            {
                return (consumed, produced, true);
            }

            Check(result);
            return (consumed, produced, false);
        }
    }

    protected override void Restart()
    {
        Bzip2Decoder.DecompressEnd(_stream);
        NativeMemory.Clear(_stream, (nuint)sizeof(Bzip2Decoder.BzStream));
        Check(Bzip2Decoder.DecompressInit(_stream, 0, 0));
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream is not null)
        {
            Bzip2Decoder.DecompressEnd(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }

        base.Dispose(disposing);
    }

    private static void Check(int result)
    {
        if (result != Bzip2Decoder.Ok)
        {
            throw new InvalidDataException(result switch
            {
                -4 => "The bzip2 data is corrupt.",
                -5 => "The data is not in the bzip2 format.",
                -3 => "libbz2 ran out of memory.",
                _ => $"libbz2 failed with code {result}.",
            });
        }
    }
}
