using Flix.Core.Interop;

namespace Flix.Core.Compression;

/// <summary>
/// Decompresses zstd frames (one or several, concatenated) through the system's libzstd. Frames asking for a
/// window over 128 MiB are refused.
/// </summary>
public sealed unsafe class ZstdDecompressionStream : DecompressionStream
{
    /// <summary>log2 of the largest window accepted (128 MiB, as zstd's own default limit).</summary>
    public const int MaxWindowLog = 27;

    private nint _stream;

    public ZstdDecompressionStream(Stream source, bool leaveOpen = false)
        : base(source, leaveOpen)
    {
        _stream = Zstd.CreateDStream();
        if (_stream == 0)
        {
            throw new OutOfMemoryException("libzstd could not create a decompression stream.");
        }

        Check(Zstd.InitDStream(_stream));
        Check(Zstd.SetParameter(_stream, Zstd.WindowLogMaxParameter, MaxWindowLog));
    }

    protected override string FormatName => "zstd";

    protected override (int Consumed, int Produced, bool StreamEnd) Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEnded)
    {
        ObjectDisposedException.ThrowIf(_stream == 0, this);
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            var inBuffer = new Zstd.InBuffer { Source = inputPointer, Size = (nuint)input.Length };
            var outBuffer = new Zstd.OutBuffer { Destination = outputPointer, Size = (nuint)output.Length };
            var result = Zstd.DecompressStream(_stream, &outBuffer, &inBuffer);
            Check(result);

            // 0: a frame is complete and flushed.
            return ((int)inBuffer.Position, (int)outBuffer.Position, result == 0);
        }
    }

    /// <summary>After a complete frame libzstd takes the next one as it comes: nothing to reset.</summary>
    protected override void Restart()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream != 0)
        {
            Zstd.FreeDStream(_stream);
            _stream = 0;
        }

        base.Dispose(disposing);
    }

    private static void Check(nuint code)
    {
        if (Zstd.IsError(code) != 0)
        {
            throw new InvalidDataException($"The zstd stream is not valid: {Zstd.ErrorName(code)}.");
        }
    }
}
