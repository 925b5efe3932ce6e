using System.Security.Cryptography;
using System.Text;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>Options, errors, cancellation, deduplication, sparse blocks and progress.</summary>
public sealed class SquashFsWriterBehaviourTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)] // nothing
    [InlineData(2048)] // below 4 KiB
    [InlineData(6144)] // not a power of two
    [InlineData(2 << 20)] // above 1 MiB
    public async Task WriteAsync_InvalidBlockSize_ThrowsArgumentException(int blockSize)
    {
        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            SquashFsWriter.WriteAsync(new FileTree(), output, new SquashFsWriterOptions { BlockSize = blockSize }));
        Assert.Contains(blockSize.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ZeroParallelism_ThrowsArgumentException()
    {
        using var output = new MemoryStream();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            SquashFsWriter.WriteAsync(new FileTree(), output, new SquashFsWriterOptions { Parallelism = 0 }));
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_Throws()
    {
        using var output = new MemoryStream();
        var tree = new FileTree();
        tree.Add("a", TreeNode.CreateFile(new MemoryFileContent(new byte[10_000])));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileReading_StopsWithCancellation()
    {
        using var source = new CancellationTokenSource();
        var data = new byte[4 << 20];
        new Random(7).NextBytes(data);
        var tree = new FileTree();
        tree.Add("big", TreeNode.CreateFile(new TestContents.CancelAfter(data, source, 1 << 20)));
        tree.Add("zz-never-read", TreeNode.CreateFile(new TestContents.Broken(100, failOnOpen: true)));
        using var output = new MemoryStream();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions { BlockSize = 64 * 1024 }, source.Token));
    }

    [Theory]
    [InlineData(true)] // open fails
    [InlineData(false)] // the stream ends early
    public async Task WriteAsync_UnreadableSource_NamesTheFile(bool failOnOpen)
    {
        var tree = new FileTree();
        tree.Add("ok/first", TreeNode.CreateFile(MemoryFileContent.FromText("fine")));
        tree.Add("etc/broken.conf", TreeNode.CreateFile(new TestContents.Broken(300_000, failOnOpen)));
        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<IOException>(() => SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions()));
        Assert.Contains("/etc/broken.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_MissingDiskFile_NamesImagePathAndDiskPath()
    {
        string missing = _directory.Combine("gone.bin");
        var tree = new FileTree();
        tree.Add("usr/lib/gone.so", TreeNode.CreateFile(new DiskFileContent(missing, 4096)));
        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<IOException>(() => SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions()));
        Assert.Contains("'/usr/lib/gone.so'", e.Message, StringComparison.Ordinal);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SymlinkTargetOverPageSize_ThrowsNotSupported()
    {
        var tree = new FileTree();
        tree.Add("link", TreeNode.CreateSymlink(new string('t', 5000)));
        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions()));
        Assert.Contains("/link", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deduplicate_StoresIdenticalFilesOnce()
    {
        var data = new byte[(1 << 20) + 1234];
        new Random(11).NextBytes(data);
        FileTree Build()
        {
            var tree = new FileTree();
            tree.Add("a/one", TreeNode.CreateFile(new MemoryFileContent(data)));
            tree.Add("b/two", TreeNode.CreateFile(new MemoryFileContent((byte[])data.Clone())));
            tree.Add("c/three", TreeNode.CreateFile(new MemoryFileContent((byte[])data.Clone())));
            return tree;
        }

        string deduplicated = await ImageTool.WriteAsync(_directory, Build(), new SquashFsWriterOptions(), "dedup.img");
        string plain = await ImageTool.WriteAsync(_directory, Build(), new SquashFsWriterOptions { Deduplicate = false }, "plain.img");
        long small = new FileInfo(deduplicated).Length;
        long large = new FileInfo(plain).Length;
        Assert.True(small < data.Length + 64 * 1024, $"The deduplicated image is {small} bytes for {data.Length} bytes of unique data.");
        Assert.True(large > 3L * data.Length, $"The image without deduplication is only {large} bytes.");

        string extracted = ImageTool.Extract(_directory, deduplicated);
        foreach (var path in new[] { "a/one", "b/two", "c/three" })
        {
            Assert.True(data.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(extracted, path))), $"{path} differs.");
        }

        // Shared blocks are not hard links.
        string listing = ProcessRunner.Output(null, "unsquashfs", "-lln", deduplicated);
        Assert.Equal(3, listing.Split('\n').Count(l => l.StartsWith("-rw-r--r--", StringComparison.Ordinal)));
        string mounted = ImageTool.RunMounted(_directory, deduplicated, "stat -c '%i %h' a/one b/two c/three");
        Assert.Equal(3, mounted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Distinct().Count());
    }

    [Fact]
    public async Task ZeroBlocks_AreStoredSparse()
    {
        var tree = new FileTree();
        var data = new byte[(8 << 20) + 100];
        data[^1] = 1; // a real tail after eight sparse megabytes
        tree.Add("holes", TreeNode.CreateFile(new MemoryFileContent(data)));
        tree.Add("zeros", TreeNode.CreateFile(new MemoryFileContent(new byte[12345])));
        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions { BlockSize = 65536 });
        Assert.True(new FileInfo(image).Length <= 8192, $"The image of sparse files is {new FileInfo(image).Length} bytes.");

        string output = ImageTool.RunMounted(_directory, image, "sha256sum holes zeros");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(data)) + "  holes", output, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(new byte[12345])) + "  zeros", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_ReportsEveryByteOfFileData()
    {
        var tree = new FileTree();
        long total = 0;
        for (int i = 0; i < 20; i++)
        {
            var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"line {i}\n", 100_000 * (i % 3))));
            total += data.Length;
            tree.Add($"f{i:D2}", TreeNode.CreateFile(new MemoryFileContent(data)));
        }

        var reports = new List<long>();
        var progress = new SynchronousProgress(reports);
        using var output = new MemoryStream();
        await SquashFsWriter.WriteAsync(tree, output, new SquashFsWriterOptions { Progress = progress });
        Assert.NotEmpty(reports);
        Assert.Equal(total, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    [Fact]
    public async Task RootOnlyTree_MountsAndLists()
    {
        var tree = new FileTree();
        tree.Root.Mode = 0x1C0; // 0700
        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions { Exportable = false });
        string listing = ProcessRunner.Output(null, "unsquashfs", "-lln", image);
        Assert.StartsWith("drwx------ 0/0", listing, StringComparison.Ordinal);
        Assert.Equal("700 2", ImageTool.RunMounted(_directory, image, "stat -c '%a %h' .").Trim());

        // No export table: export_table_start is ~0.
        var superblock = File.ReadAllBytes(image).AsSpan(0, 96);
        Assert.Equal(ulong.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(superblock[88..]));
    }

    [Fact]
    public async Task HardLinks_OfEveryKind_ShareOneInode()
    {
        var tree = new FileTree();
        var symlink = TreeNode.CreateSymlink("target");
        var device = TreeNode.CreateDevice(EntryKind.CharacterDevice, 10, 200);
        var fifo = TreeNode.CreateSpecial(EntryKind.Fifo);
        var file = TreeNode.CreateFile(MemoryFileContent.FromText("shared"));
        foreach (var directory in new[] { "one", "two", "three" })
        {
            tree.Add($"{directory}/link", symlink);
            tree.Add($"{directory}/dev", device);
            tree.Add($"{directory}/fifo", fifo);
            tree.Add($"{directory}/file", file);
        }

        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions());
        string output = ImageTool.RunMounted(_directory, image, "for n in link dev fifo file; do stat -c '%i %h %F' one/$n two/$n three/$n; done");
        var groups = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(3).ToList();
        Assert.Equal(4, groups.Count);
        foreach (var group in groups)
        {
            Assert.Single(group.Distinct());
            Assert.Equal("3", group[0].Split(' ')[1]);
        }

        Assert.Equal(4, groups.Select(g => g[0].Split(' ')[0]).Distinct().Count());
        string extracted = ImageTool.Extract(_directory, image);
        Assert.Equal("shared", File.ReadAllText(Path.Combine(extracted, "three/file")));
    }

    [Theory]
    [InlineData(4096, SquashFsCompression.Gzip)] // smallest block
    [InlineData(65536, SquashFsCompression.Gzip)] // small block, many fragments
    [InlineData(1 << 20, SquashFsCompression.Gzip)] // largest block
    public async Task BlockSizes_RoundTripThroughUnsquashfs(int blockSize, SquashFsCompression compression)
    {
        var random = new Random(blockSize);
        var tree = new FileTree();
        var files = new Dictionary<string, byte[]>();
        foreach (int length in new[] { 0, 1, blockSize - 1, blockSize, blockSize + 1, (3 * blockSize) + 17, 300_000 })
        {
            var data = new byte[length];
            random.NextBytes(data.AsSpan(0, length / 2)); // half random, half zeros
            files[$"dir/len-{length}"] = data;
            tree.Add($"dir/len-{length}", TreeNode.CreateFile(new MemoryFileContent(data)));
        }

        tree.Add("dir/link", TreeNode.CreateSymlink("len-1"));
        var options = new SquashFsWriterOptions { BlockSize = blockSize, Compression = compression, Timestamp = 42 };
        string image = await ImageTool.WriteAsync(_directory, tree, options);
        string extracted = ImageTool.Extract(_directory, image);
        foreach (var (path, data) in files)
        {
            Assert.True(data.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(extracted, path))), $"{path} differs at block size {blockSize}.");
        }

        Assert.Equal("len-1", new FileInfo(Path.Combine(extracted, "dir/link")).LinkTarget);
        string sums = ImageTool.RunMounted(_directory, image, "cat dir/len-* | sha256sum");
        var all = files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value).ToArray();
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(all)), sums, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xattrs_OtherNamespacesAreDroppedAndSetsShared()
    {
        var tree = new FileTree();
        var a = TreeNode.CreateFile(MemoryFileContent.FromText("a"));
        a.ExtendedAttributes["user.mime"] = Encoding.UTF8.GetBytes("text/plain");
        a.ExtendedAttributes["system.posix_acl_access"] = [2, 0, 0, 0];
        a.ExtendedAttributes["security.capability"] = Convert.FromHexString("0100000200300000000000000000000000000000");
        var b = TreeNode.CreateFile(MemoryFileContent.FromText("b"));
        b.ExtendedAttributes["security.capability"] = Convert.FromHexString("0100000200300000000000000000000000000000");
        b.ExtendedAttributes["user.mime"] = Encoding.UTF8.GetBytes("text/plain");
        var c = TreeNode.CreateFile(MemoryFileContent.FromText("c"));
        c.ExtendedAttributes["system.only"] = [1];
        tree.Add("a", a);
        tree.Add("b", b);
        tree.Add("c", c);
        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions());
        Assert.Contains("Number of xattr ids 1", ProcessRunner.Output(null, "unsquashfs", "-s", image), StringComparison.Ordinal);
        string dump = ImageTool.RunMounted(_directory, image, "getfattr -h -d -m - -e hex a b c");
        var lines = TreeSnapshot.ParseXattrs(dump);
        Assert.Equal(
            [
                "a security.capability=0x0100000200300000000000000000000000000000",
                "a user.mime=0x746578742f706c61696e",
                "b security.capability=0x0100000200300000000000000000000000000000",
                "b user.mime=0x746578742f706c61696e",
            ],
            lines);
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
