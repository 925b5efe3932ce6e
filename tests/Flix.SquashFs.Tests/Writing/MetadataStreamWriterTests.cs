using System.Buffers.Binary;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Writing;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>The 8 KiB metadata block stream: block sizes, raw storage, refs.</summary>
public sealed class MetadataStreamWriterTests
{
    private static readonly Compressor Gzip = Compressor.Create(SquashFsCompression.Gzip, 131072);

    [Fact]
    public async Task IncompressibleData_IsStoredRawInFull8KiBBlocks()
    {
        var data = new byte[20_000];
        new Random(3).NextBytes(data);
        var writer = new MetadataStreamWriter(Gzip);
        writer.Write(data.AsSpan(0, 5000));
        Assert.Equal(5000UL, writer.Reference);
        writer.Write(data.AsSpan(5000));
        writer.Finish();

        Assert.Equal([0L, 8194L, 16388L], writer.BlockStarts);
        var stored = await ReadAllAsync(writer);
        Assert.Equal(20_000 + (3 * 2), stored.Length);
        Assert.Equal(0x8000 | 8192, BinaryPrimitives.ReadUInt16LittleEndian(stored));
        Assert.Equal(0x8000 | 8192, BinaryPrimitives.ReadUInt16LittleEndian(stored.AsSpan(8194)));
        Assert.Equal(0x8000 | (20_000 - 16384), BinaryPrimitives.ReadUInt16LittleEndian(stored.AsSpan(16388)));
        Assert.True(stored.AsSpan(2, 8192).SequenceEqual(data.AsSpan(0, 8192)));
    }

    [Fact]
    public async Task CompressibleData_IsCompressedAndDecompressesBack()
    {
        var data = new byte[8192 + 100];
        data.AsSpan().Fill((byte)'a');
        var writer = new MetadataStreamWriter(Gzip);
        writer.Write(data);
        writer.Finish();
        var stored = await ReadAllAsync(writer);
        ushort header = BinaryPrimitives.ReadUInt16LittleEndian(stored);
        Assert.Equal(0, header & 0x8000);
        var output = new byte[8192];
        Assert.Equal(8192, Gzip.Decompress(stored.AsSpan(2, header), output));
        Assert.True(output.AsSpan().SequenceEqual(data.AsSpan(0, 8192)));
        Assert.Equal(2, writer.BlockStarts.Count);
    }

    [Fact]
    public void Reference_AtAFullBlockPointsAtTheNextBlock()
    {
        var writer = new MetadataStreamWriter(Gzip);
        var random = new byte[8192];
        new Random(5).NextBytes(random);
        writer.Write(random);

        // A record starting right after a full block is (next block, 0), never (this block, 8192).
        Assert.Equal((ulong)(2 + 8192) << 16, writer.Reference);
        Assert.Equal(8192, writer.Length);
    }

    private static async Task<byte[]> ReadAllAsync(MetadataStreamWriter writer)
    {
        using var stream = new MemoryStream();
        await writer.CopyToAsync(stream, CancellationToken.None);
        return stream.ToArray();
    }
}
