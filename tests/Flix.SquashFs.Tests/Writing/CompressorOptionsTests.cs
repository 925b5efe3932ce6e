using System.Buffers.Binary;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Writing;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>The compressor-options block after the superblock (flag 0x0400).</summary>
public sealed class CompressorOptionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OptionsBlock_IsWrittenAndReadByUnsquashfsAndKernel()
    {
        var tree = new FileTree();
        tree.Add("etc/motd", TreeNode.CreateFile(MemoryFileContent.FromText(string.Concat(Enumerable.Repeat("welcome\n", 5000)))));
        var options = new SquashFsWriterOptions { Timestamp = 5 };
        string image = _directory.Combine("options.img");
        await using (var output = File.Create(image))
        {
            await new ImageWriter(tree, output, options, new GzipWithOptions()).WriteAsync(CancellationToken.None);
        }

        var bytes = File.ReadAllBytes(image);
        Assert.Equal(0x0400, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(24)) & 0x0400);
        Assert.Equal(0x8000 | 8, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(96)));

        string stats = ProcessRunner.Output(null, "unsquashfs", "-s", image);
        Assert.Contains("compression-level 6", stats, StringComparison.Ordinal);
        Assert.Contains("window-size 15", stats, StringComparison.Ordinal);

        string extracted = ImageTool.Extract(_directory, image);
        Assert.Equal(40_000, new FileInfo(Path.Combine(extracted, "etc/motd")).Length);
        Assert.Equal("40000", ImageTool.RunMounted(_directory, image, "wc -c < etc/motd").Trim());
    }

    /// <summary>gzip at level 6 that declares its options (level u32, window bits u16, strategy u16).</summary>
    private sealed class GzipWithOptions : Compressor
    {
        private readonly Compressor _inner = new GzipCompressor(6);

        public override SquashFsCompression Id => SquashFsCompression.Gzip;

        public override ReadOnlyMemory<byte> Options => new byte[] { 6, 0, 0, 0, 15, 0, 1, 0 };

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, bool metadata) =>
            _inner.Compress(source, destination, metadata);

        public override int Decompress(ReadOnlySpan<byte> source, Span<byte> destination) => _inner.Decompress(source, destination);
    }
}
