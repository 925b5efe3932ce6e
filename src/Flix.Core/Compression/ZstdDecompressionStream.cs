using System.Runtime.InteropServices;
using Flix.Core.Interop;
using Flix.Core.IO;

namespace Flix.Core.Compression;

/// <summary>
/// A read-only stream that decompresses zstd frames (one or several, concatenated) from another stream through
/// the system's libzstd, a bounded buffer at a time. Frames asking for a window over 128 MiB are refused.
/// </summary>
public sealed class ZstdDecompressionStream : ReadOnlyStream
{
    /// <summary>log2 of the largest window accepted (128 MiB, as zstd's own default limit).</summary>
    public const int MaxWindowLog = 27;

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly byte[] _input;
    private nint _stream;
    private int _inputStart;
    private int _inputEnd;
    private bool _sourceEnded;
    private bool _frameIncomplete;

    public ZstdDecompressionStream(Stream source, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
        _stream = Zstd.CreateDStream();
        if (_stream == 0)
        {
            throw new OutOfMemoryException("libzstd could not create a decompression stream.");
        }

        Check(Zstd.InitDStream(_stream));
        Check(Zstd.SetParameter(_stream, Zstd.WindowLogMaxParameter, MaxWindowLog));
        _input = new byte[(int)Math.Min((ulong)Zstd.DStreamInSize(), 1 << 20)];
    }

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_inputStart == _inputEnd && !_sourceEnded)
            {
                Refill(_source.Read(_input, 0, _input.Length));
            }

            int produced = Step(buffer, out bool done);
            if (produced > 0 || done || buffer.IsEmpty)
            {
                return produced;
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_inputStart == _inputEnd && !_sourceEnded)
            {
                Refill(await _source.ReadAsync(_input.AsMemory(), cancellationToken).ConfigureAwait(false));
            }

            int produced = Step(buffer.Span, out bool done);
            if (produced > 0 || done || buffer.IsEmpty)
            {
                return produced;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream != 0)
        {
            Zstd.FreeDStream(_stream);
            _stream = 0;
        }

        if (disposing && !_leaveOpen)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Refill(int read)
    {
        _inputStart = 0;
        _inputEnd = read;
        _sourceEnded = read == 0;
    }

    /// <summary>Decompresses what the input buffer holds into <paramref name="buffer"/>; done at the end of the data.</summary>
    private unsafe int Step(Span<byte> buffer, out bool done)
    {
        ObjectDisposedException.ThrowIf(_stream == 0, this);
        done = false;
        bool inputEnded = _sourceEnded && _inputStart == _inputEnd;
        if (inputEnded && !_frameIncomplete)
        {
            done = true;
            return 0;
        }

        int produced;
        fixed (byte* input = _input)
        fixed (byte* output = &MemoryMarshal.GetReference(buffer))
        {
            var inBuffer = new Zstd.InBuffer { Source = input + _inputStart, Size = (nuint)(_inputEnd - _inputStart) };
            var outBuffer = new Zstd.OutBuffer { Destination = output, Size = (nuint)buffer.Length };
            nuint result = Zstd.DecompressStream(_stream, &outBuffer, &inBuffer);
            Check(result);
            _inputStart += (int)inBuffer.Position;
            _frameIncomplete = result != 0;
            produced = (int)outBuffer.Position;
        }

        if (produced == 0 && inputEnded && buffer.Length > 0)
        {
            // Nothing more came out with no input left: the last frame is cut short.
            throw new InvalidDataException("The zstd stream ends in the middle of a frame.");
        }

        return produced;
    }

    private static void Check(nuint code)
    {
        if (Zstd.IsError(code) != 0)
        {
            throw new InvalidDataException($"The zstd stream is not valid: {Zstd.ErrorName(code)}.");
        }
    }
}
