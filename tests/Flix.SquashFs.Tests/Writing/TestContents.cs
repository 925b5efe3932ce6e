using Flix.Core.Tree;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>File contents for edge cases that a disk file cannot cheaply provide.</summary>
internal static class TestContents
{
    /// <summary>Content whose stream fails on open or delivers fewer bytes than it declares.</summary>
    public sealed class Broken(long length, bool failOnOpen) : FileContent
    {
        public override long Length => length;

        public override Stream OpenRead() =>
            failOnOpen ? throw new IOException("Permission denied") : new MemoryStream(new byte[length / 2]);
    }

    /// <summary>Zeros up to <paramref name="length"/> − tail, then the tail bytes; produced on the fly.</summary>
    public sealed class ZerosThenTail(long length, byte[] tail) : FileContent
    {
        public override long Length => length;

        public override Stream OpenRead() => new ZeroStream(length, tail);
    }

    /// <summary>Content that cancels a token once the writer has read a given number of bytes.</summary>
    public sealed class CancelAfter(byte[] data, CancellationTokenSource source, int after) : FileContent
    {
        public override long Length => data.Length;

        public override Stream OpenRead() => new CancellingStream(data, source, after);
    }

    private sealed class ZeroStream(long length, byte[] tail) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int count = (int)Math.Min(buffer.Length, length - _position);
            long tailStart = length - tail.Length;
            for (int i = 0; i < count; i++)
            {
                long at = _position + i;
                if (at < tailStart)
                {
                    long zeros = Math.Min(count - i, tailStart - at);
                    buffer.Slice(i, (int)zeros).Clear();
                    i += (int)zeros - 1;
                }
                else
                {
                    buffer[i] = tail[at - tailStart];
                }
            }

            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class CancellingStream(byte[] data, CancellationTokenSource source, int after) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= after)
            {
                source.Cancel();
            }

            return base.Read(buffer, offset, count);
        }
    }
}
