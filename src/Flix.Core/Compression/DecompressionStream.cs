using Flix.Core.IO;

namespace Flix.Core.Compression;

/// <summary>
/// A read-only stream that decompresses another through a native streaming decoder, a bounded buffer at a time.
/// Subclasses supply one decoding step; this class feeds input, and a stream that ends before the decoder says
/// the data is complete is an <see cref="InvalidDataException"/>.
/// </summary>
public abstract class DecompressionStream : ReadOnlyStream
{
    private const int InputSize = 128 * 1024;

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly byte[] _input = new byte[InputSize];
    private int _inputStart;
    private int _inputEnd;
    private bool _sourceEnded;
    private bool _finished;

    protected DecompressionStream(Stream source, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The format's name for messages ("zstd", "xz", "bzip2").</summary>
    protected abstract string FormatName { get; }

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_inputStart == _inputEnd && !_sourceEnded)
            {
                Refill(_source.Read(_input, 0, _input.Length));
            }

            if (Produce(buffer, out var produced))
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

            if (Produce(buffer.Span, out var produced))
            {
                return produced;
            }
        }
    }

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/>; returns what was consumed and produced,
    /// and whether the compressed data ended (more input may follow: another stream of the same format).
    /// </summary>
    protected abstract (int Consumed, int Produced, bool StreamEnd) Decode(ReadOnlySpan<byte> input, Span<byte> output, bool inputEnded);

    /// <summary>Gets the decoder ready for another concatenated stream after <c>StreamEnd</c>.</summary>
    protected abstract void Restart();

    protected override void Dispose(bool disposing)
    {
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

    /// <summary>One step; true when the read can return <paramref name="produced"/> (data, or 0 at the end).</summary>
    private bool Produce(Span<byte> buffer, out int produced)
    {
        produced = 0;
        if (buffer.IsEmpty)
        {
            return true;
        }

        if (_finished)
        {
            if (_inputStart == _inputEnd && _sourceEnded)
            {
                return true;
            }

            if (_inputStart == _inputEnd)
            {
                return false;
            }

            // More bytes after a complete stream: a concatenated one (pxz, pbzip2 write them).
            Restart();
            _finished = false;
        }

        var inputEnded = _sourceEnded && _inputStart == _inputEnd;
        var (consumed, made, end) = Decode(_input.AsSpan(_inputStart, _inputEnd - _inputStart), buffer, inputEnded);
        _inputStart += consumed;
        produced = made;
        _finished = end;
        if (made == 0 && !end && inputEnded)
        {
            throw new InvalidDataException($"The {FormatName} data ends before its stream is complete.");
        }

        return made > 0 || (end && _sourceEnded && _inputStart == _inputEnd);
    }
}
