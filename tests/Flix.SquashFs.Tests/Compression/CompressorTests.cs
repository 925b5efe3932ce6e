using System.Buffers.Binary;
using System.Text;
using Flix.SquashFs.Compression;

namespace Flix.SquashFs.Tests.Compression;

public class CompressorTests
{
    private const int BlockSize = 128 * 1024;

    public static TheoryData<SquashFsCompression> Compressions =>
        [SquashFsCompression.Gzip, SquashFsCompression.Xz, SquashFsCompression.Lz4, SquashFsCompression.Zstd];

    public static TheoryData<SquashFsCompression, string, int> RoundTripCases()
    {
        var data = new TheoryData<SquashFsCompression, string, int>();
        foreach (var id in new[] { SquashFsCompression.Gzip, SquashFsCompression.Xz, SquashFsCompression.Lz4, SquashFsCompression.Zstd })
        {
            foreach (var kind in new[] { "random", "zero", "text" })
            {
                foreach (int size in new[] { 1, 8192, 128 * 1024, 1024 * 1024 })
                {
                    data.Add(id, kind, size);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void RoundTripsOrDeclines(SquashFsCompression id, string kind, int size)
    {
        int blockSize = Math.Clamp((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size), 4096, 1 << 20);
        var compressor = Compressor.Create(id, blockSize);
        var source = MakeData(kind, size);
        bool metadata = size == 8192;
        var compressed = new byte[size];
        int length = compressor.Compress(source, compressed, metadata);

        Assert.InRange(length, 0, size - 1);
        if (kind == "random" || size == 1)
        {
            Assert.Equal(0, length); // nothing to gain: the caller stores the block raw
            return;
        }

        Assert.NotEqual(0, length);
        if (kind == "zero")
        {
            Assert.True(length < size / 10, $"{id} compressed {size} zero bytes only to {length}.");
        }

        var restored = new byte[size];
        int restoredLength = compressor.Decompress(compressed.AsSpan(0, length), restored);
        Assert.Equal(size, restoredLength);
        Assert.True(source.AsSpan().SequenceEqual(restored), $"{id} did not round-trip {size} bytes of {kind} data.");
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void CorruptInputRaisesInvalidData(SquashFsCompression id)
    {
        var compressor = Compressor.Create(id, BlockSize);
        var source = MakeData("text", 64 * 1024);
        var compressed = new byte[source.Length];
        int length = compressor.Compress(source, compressed, metadata: false);
        Assert.NotEqual(0, length);
        var output = new byte[BlockSize];

        // Garbage, a truncated block, flipped bytes, and an output buffer too small.
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(Enumerable.Repeat((byte)0xA5, 100).ToArray(), output));
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(compressed.AsSpan(0, length / 2), output));
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(compressed.AsSpan(0, length), new byte[source.Length - 1]));
        var flipped = compressed.AsSpan(0, length).ToArray();
        for (int i = 0; i < flipped.Length; i += 7)
        {
            flipped[i] ^= 0x5A;
        }

        Assert.Throws<InvalidDataException>(() =>
        {
            int n = compressor.Decompress(flipped, output);
            if (n != source.Length || !output.AsSpan(0, n).SequenceEqual(source))
            {
                // lz4 has no checksum: a garbled block that still parses must at least not return the original.
                throw new InvalidDataException("decoded to something else");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void IsThreadSafe(SquashFsCompression id)
    {
        var compressor = Compressor.Create(id, BlockSize);
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var source = MakeData("text", 20_000 + (i * 1000));
            var compressed = new byte[source.Length];
            int length = compressor.Compress(source, compressed, metadata: i % 2 == 0);
            var restored = new byte[source.Length];
            Assert.Equal(source.Length, compressor.Decompress(compressed.AsSpan(0, length), restored));
            Assert.Equal(source, restored);
        });
    }

    [Fact]
    public void OptionsFollowMksquashfs()
    {
        Assert.True(Compressor.Create(SquashFsCompression.Zstd, BlockSize).Options.IsEmpty);
        var zstd19 = Compressor.Create(SquashFsCompression.Zstd, BlockSize, 19).Options.ToArray();
        Assert.Equal([19, 0, 0, 0], zstd19);
        Assert.True(Compressor.Create(SquashFsCompression.Xz, BlockSize).Options.IsEmpty);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0], Compressor.Create(SquashFsCompression.Lz4, BlockSize).Options.ToArray());
        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0], Compressor.Create(SquashFsCompression.Lz4, BlockSize, 9).Options.ToArray());
        Assert.IsType<ZstdCompressor>(Compressor.Create(SquashFsCompression.Zstd, BlockSize));
        Assert.Equal(15, ((ZstdCompressor)Compressor.Create(SquashFsCompression.Zstd, BlockSize)).Level);
        Assert.Equal(6, ((XzCompressor)Compressor.Create(SquashFsCompression.Xz, BlockSize)).Level);
        Assert.False(((Lz4Compressor)Compressor.Create(SquashFsCompression.Lz4, BlockSize)).IsHighCompression);
        Assert.Throws<NotSupportedException>(() => Compressor.Create((SquashFsCompression)3, BlockSize)); // lzo
        Assert.Throws<ArgumentOutOfRangeException>(() => Compressor.Create(SquashFsCompression.Zstd, BlockSize, 23));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compressor.Create(SquashFsCompression.Xz, BlockSize, 10));
    }

    [Fact]
    public void Lz4HighCompressionRoundTrips()
    {
        var compressor = new Lz4Compressor(12);
        var source = MakeData("text", BlockSize);
        var compressed = new byte[source.Length];
        int length = compressor.Compress(source, compressed, metadata: false);
        Assert.InRange(length, 1, source.Length - 1);
        var restored = new byte[BlockSize];
        Assert.Equal(source.Length, compressor.Decompress(compressed.AsSpan(0, length), restored));
        Assert.Equal(source, restored);
    }

    /// <summary>The kernel preallocates max(8 KiB, block size) for xz: the stream's LZMA2 dictionary must not exceed it.</summary>
    [Theory]
    [InlineData(4096, false)]
    [InlineData(131072, false)]
    [InlineData(1048576, false)]
    [InlineData(131072, true)]
    public void XzStreamMeetsKernelLimits(int blockSize, bool metadata)
    {
        var compressor = new XzCompressor(blockSize);
        int size = metadata ? 8192 : blockSize;
        var source = MakeData("text", size);
        var compressed = new byte[size];
        int length = compressor.Compress(source, compressed, metadata);
        Assert.NotEqual(0, length);
        var stream = compressed.AsSpan(0, length);

        // Stream header: magic FD 37 7A 58 5A 00, flags 00 01 (CRC32), CRC32 of the flags.
        Assert.True(stream[..6].SequenceEqual(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }));
        Assert.Equal(0x00, stream[6]);
        Assert.Equal(0x01, stream[7]);

        // Block header: size byte, flags (filter count - 1 in bits 0-1; 0x40/0x80: compressed/uncompressed size
        // follow as varints), then the filter: id 0x21 (LZMA2), properties size 1, the dictionary byte.
        var block = stream[12..];
        Assert.Equal(0x00, block[1] & 0x03); // exactly one filter: no BCJ
        int at = 2;
        if ((block[1] & 0x40) != 0)
        {
            at = SkipVarint(block, at);
        }

        if ((block[1] & 0x80) != 0)
        {
            at = SkipVarint(block, at);
        }

        Assert.Equal(0x21, block[at]);
        Assert.Equal(0x01, block[at + 1]);
        int dictByte = block[at + 2];
        long dictionary = (2L | (dictByte & 1)) << ((dictByte / 2) + 11);
        Assert.True(dictionary <= Math.Max(8192, metadata ? 8192 : blockSize), $"xz dictionary {dictionary} exceeds the limit.");
        Assert.True(dictionary >= (metadata ? 8192 : blockSize) / 2, $"xz dictionary {dictionary} is smaller than expected.");
    }

    /// <summary>The kernel accepts a zstd window of at most max(block size, 8 KiB): a single-segment frame with its content size.</summary>
    [Theory]
    [InlineData(4096, false)]
    [InlineData(131072, false)]
    [InlineData(1048576, false)]
    [InlineData(131072, true)]
    public void ZstdFrameMeetsKernelLimits(int blockSize, bool metadata)
    {
        var compressor = new ZstdCompressor();
        int size = metadata ? 8192 : blockSize;
        var source = MakeData("text", size);
        var compressed = new byte[size];
        int length = compressor.Compress(source, compressed, metadata);
        Assert.NotEqual(0, length);
        Assert.Equal(0xFD2FB528u, BinaryPrimitives.ReadUInt32LittleEndian(compressed));
        byte descriptor = compressed[4];
        bool singleSegment = (descriptor & 0x20) != 0;
        int contentSizeFlag = descriptor >> 6;
        Assert.True(singleSegment, "zstd frame is not single-segment, so its window may exceed the block size.");
        int fieldSize = contentSizeFlag switch { 0 => 1, 1 => 2, 2 => 4, _ => 8 };
        int dictIdSize = (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var field = compressed.AsSpan(5 + dictIdSize, fieldSize);
        ulong contentSize = fieldSize switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field) + 256u,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
        Assert.Equal((ulong)size, contentSize);
    }

    private static int SkipVarint(ReadOnlySpan<byte> data, int at)
    {
        while ((data[at] & 0x80) != 0)
        {
            at++;
        }

        return at + 1;
    }

    internal static byte[] MakeData(string kind, int size)
    {
        var data = new byte[size];
        switch (kind)
        {
            case "random":
                new Random(size).NextBytes(data);
                break;
            case "text":
                var words = new[] { "squash", "flix", "sysext", "image ", "block\n", "the ", "of ", "compress" };
                var random = new Random(42);
                var builder = new StringBuilder(size);
                while (builder.Length < size)
                {
                    builder.Append(words[random.Next(words.Length)]).Append(random.Next(1000)).Append(' ');
                }

                Encoding.ASCII.GetBytes(builder.ToString(0, size), data);
                break;
        }

        return data;
    }
}
