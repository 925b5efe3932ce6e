using System.Buffers.Binary;
using System.IO.Compression;

namespace Flix.SquashFs.Compression;

/// <summary>SquashFS "gzip": a zlib stream (RFC 1950) per block, from the BCL.</summary>
public sealed class GzipCompressor : Compressor
{
    /// <summary>mksquashfs's default gzip level.</summary>
    public const int DefaultLevel = 9;

    [ThreadStatic]
    private static BoundedBufferStream? t_output;

    private readonly ZLibCompressionOptions _options;

    public GzipCompressor(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        _options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default };
    }

    public override SquashFsCompression Id => SquashFsCompression.Gzip;

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata)
    {
        var output = t_output ??= new BoundedBufferStream();
        output.Reset(source.Length - 1);
        try
        {
            using var zlib = new ZLibStream(output, _options, leaveOpen: true);
            zlib.Write(source);
        }
        catch (BoundedBufferStream.FullException)
        {
            return 0; // would not shrink
        }

        output.Written.CopyTo(destination);
        return output.Written.Length;
    }

    public override int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        unsafe
        {
            fixed (byte* p = source)
            {
                using var input = new UnmanagedMemoryStream(p, source.Length);
                using var zlib = new ZLibStream(input, CompressionMode.Decompress);
                int total = 0;
                try
                {
                    while (true)
                    {
                        int read = zlib.Read(destination[total..]);
                        if (read == 0)
                        {
                            break;
                        }

                        total += read;
                        if (total == destination.Length)
                        {
                            if (zlib.ReadByte() >= 0)
                            {
                                throw new InvalidDataException($"A zlib block inflates to more than {destination.Length} bytes.");
                            }

                            break;
                        }
                    }
                }
                catch (InvalidDataException)
                {
                    throw;
                }
                catch (IOException e)
                {
                    throw new InvalidDataException($"A zlib block is corrupt: {e.Message}", e);
                }

                // .NET's inflater accepts a stream cut short. A complete zlib stream ends with the Adler-32 of its
                // content (which the inflater has verified), so anything else is truncated or carries trailing bytes.
                if (source.Length < AdlerSize || BinaryPrimitives.ReadUInt32BigEndian(source[^AdlerSize..]) != Adler32(destination[..total]))
                {
                    throw new InvalidDataException($"A zlib block of {source.Length} bytes is truncated or has trailing bytes.");
                }

                return total;
            }
        }
    }

    private const int AdlerSize = 4;

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int ChunkSize = 5552; // the longest run before the sums can overflow 32 bits
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(ChunkSize, data.Length)];
            foreach (byte value in chunk)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }
}
