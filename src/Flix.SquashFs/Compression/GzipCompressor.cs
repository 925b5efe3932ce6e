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

                return total;
            }
        }
    }
}
