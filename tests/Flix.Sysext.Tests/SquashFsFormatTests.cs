using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Sysext.Tests;

/// <summary>The SquashFS output path end to end: the image is checked with unsquashfs and through the kernel.</summary>
public sealed class SquashFsFormatTests
{
    private const long Epoch = 1_700_000_000;

    private static SysextPackOptions Options(string output) => new()
    {
        Name = "myext",
        Architecture = "x86-64",
        OutputDirectory = output,
        Version = "3.1",
        Os = "flatcar",
        Epoch = Epoch,
    };

    [Fact]
    public async Task The_image_mounts_and_holds_the_tree_root_owned_with_clamped_times()
    {
        using var temp = new TempDirectory();
        var source = SampleTrees.Everything();
        source.Find("usr/bin/hi")!.ModificationTime = Epoch + 1000; // from the future: clamped

        var result = await SysextPacker.PackAsync(source, Options(temp.Combine("out")));

        Assert.Equal(temp.Combine("out", "myext-3.1-x86-64.raw"), result.Path);
        var expected = SampleTrees.Everything();
        expected.SetAllOwners(0, 0);
        expected.Find("usr/bin/hi")!.ModificationTime = Epoch;
        expected.Add("usr/lib/extension-release.d/extension-release.myext",
            SampleTrees.File("ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\nVERSION_ID=3.1\n", 0x1A4, Epoch));
        expected.Find("usr/lib/extension-release.d")!.ModificationTime = Epoch;
        TreeAssert.Equal(expected, KernelImage.Read(result.Path, "squashfs", temp), compareRoot: false);
    }

    [Fact]
    public async Task Compression_block_size_and_time_reach_the_superblock()
    {
        HostTools.Require("unsquashfs");
        using var temp = new TempDirectory();

        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")) with
        {
            Compression = SquashFsCompression.Zstd,
            BlockSize = 64 * 1024,
        });

        string superblock = ProcessRunner.Shell($"TZ=UTC unsquashfs -s \"{result.Path}\"");
        Assert.Contains("Compression zstd", superblock);
        Assert.Contains("Block size 65536", superblock);
        Assert.Contains("Tue Nov 14 22:13:20 2023", superblock); // the epoch 1700000000
    }

    [Fact]
    public async Task Same_input_same_epoch_gives_the_same_bytes_and_sha256sums_lists_them()
    {
        using var temp = new TempDirectory();

        var first = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("a")));
        var second = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("b")));

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal($"{first.Sha256}  myext-3.1-x86-64.raw\n", await File.ReadAllTextAsync(temp.Combine("a", "SHA256SUMS")));
    }
}
