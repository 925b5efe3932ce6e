using System.Security.Cryptography;
using System.Text;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>Files of 100 MiB and beyond 4 GiB.</summary>
public sealed class LargeFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task File100MiB_RoundTripsThroughUnsquashfsAndKernel()
    {
        string source = _directory.Combine("src");
        Directory.CreateDirectory(source);
        string path = Path.Combine(source, "hundred");
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        await using (var file = File.Create(path))
        {
            var line = new byte[4096];
            for (int i = 0; i < 100 * 256; i++)
            {
                Encoding.ASCII.GetBytes($"block {i:D8} of a compressible test file\n".PadRight(4096, '.')).CopyTo(line, 0);
                hash.AppendData(line);
                await file.WriteAsync(line);
            }

            File.WriteAllText(Path.Combine(source, "expected"), Convert.ToHexStringLower(hash.GetHashAndReset()));
        }

        string expected = File.ReadAllText(Path.Combine(source, "expected"));
        var tree = DirectoryTreeReader.Read(source);
        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions { Timestamp = 1 });
        Assert.True(new FileInfo(image).Length < 20 << 20, $"A compressible 100 MiB file gave {new FileInfo(image).Length} bytes.");

        string extracted = ImageTool.Extract(_directory, image);
        await using (var stream = File.OpenRead(Path.Combine(extracted, "hundred")))
        {
            Assert.Equal(expected, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }

        string mounted = ImageTool.RunMounted(_directory, image, "sha256sum hundred");
        Assert.StartsWith(expected, mounted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileBeyond4GiB_UsesAnExtendedInode()
    {
        long length = (4L << 30) + 100_000;
        var tail = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the end of a very large file\n", 3500)))[..100_000];
        tail[0] = 1;
        var tree = new FileTree();
        tree.Add("huge", TreeNode.CreateFile(new TestContents.ZerosThenTail(length, tail)));
        tree.Add("small", TreeNode.CreateFile(MemoryFileContent.FromText("small\n")));
        string image = await ImageTool.WriteAsync(_directory, tree, new SquashFsWriterOptions { Deduplicate = false, BlockSize = 1 << 20 });
        Assert.True(new FileInfo(image).Length < 1 << 20, $"A sparse 4 GiB file gave {new FileInfo(image).Length} bytes.");

        string listing = ProcessRunner.Output(null, "unsquashfs", "-lln", image);
        Assert.Matches($@"-rw-r--r-- 0/0 +{length} .* squashfs-root/huge\n", listing);

        string output = ImageTool.RunMounted(_directory, image, "stat -c %s huge; tail -c 100000 huge | sha256sum; cat small");
        var lines = output.Split('\n');
        Assert.Equal(length.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0]);
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(tail)), lines[1], StringComparison.Ordinal);
        Assert.Equal("small", lines[2]);
    }
}
