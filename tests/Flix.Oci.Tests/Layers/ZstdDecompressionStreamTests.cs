using Flix.Core.Compression;
using Flix.Oci.Layers;

namespace Flix.Oci.Tests.Layers;

/// <summary>The libzstd-backed stream against frames made by the zstd command-line tool.</summary>
public sealed class ZstdDecompressionStreamTests
{
    [Fact]
    public void ConcatenatedFramesAreAllRead()
    {
        var first = new byte[200_000];
        var second = new byte[70_000];
        new Random(1).NextBytes(first);
        new Random(2).NextBytes(second);
        byte[] blob = [.. ExternalTools.Zstd(first), .. ExternalTools.Zstd(second)];
        Assert.Equal([.. first, .. second], Decompress(blob, readSize: 4096));
    }

    [Fact]
    public async Task AsyncReadsGiveTheSameBytes()
    {
        var data = new byte[500_000];
        new Random(3).NextBytes(data.AsSpan(0, 100_000));
        using var stream = new ZstdDecompressionStream(new MemoryStream(ExternalTools.Zstd(data)));
        var output = new MemoryStream();
        await stream.CopyToAsync(output, 7000);
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public void TrailingGarbageIsAnError()
    {
        byte[] blob = [.. ExternalTools.Zstd(new byte[1000]), .. "garbage!"u8.ToArray()];
        Assert.Throws<InvalidDataException>(() => Decompress(blob, readSize: 65536));
    }

    [Fact]
    public void TruncatedFrameIsAnError()
    {
        var data = new byte[100_000];
        new Random(4).NextBytes(data);
        var blob = ExternalTools.Zstd(data);
        var error = Assert.Throws<InvalidDataException>(() => Decompress(blob[..(blob.Length / 2)], readSize: 65536));
        Assert.Contains("zstd data ends before its stream is complete", error.Message);
    }

    private static byte[] Decompress(byte[] blob, int readSize)
    {
        using var stream = new ZstdDecompressionStream(new MemoryStream(blob));
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
