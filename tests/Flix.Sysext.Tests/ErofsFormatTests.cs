using System.Security.Cryptography;
using Flix.Core.Processes;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Sysext.Tests;

public sealed class ErofsFormatTests
{
    private const long Epoch = 1_700_000_000;

    private static SysextPackOptions Options(string output) => new()
    {
        Name = "myext",
        Architecture = "arm64",
        OutputDirectory = output,
        Format = ImageFormat.Erofs,
        Version = "2.0",
        Epoch = Epoch,
    };

    private static FileTree Expected(bool keepOwners)
    {
        var tree = SampleTrees.Everything();
        if (!keepOwners)
        {
            tree.SetAllOwners(0, 0);
        }

        tree.Add("usr/lib/extension-release.d/extension-release.myext",
            SampleTrees.File("ID=_any\nARCHITECTURE=arm64\nVERSION_ID=2.0\n", 0x1A4, Epoch));
        return tree;
    }

    private static FileTree ReadThroughKernel(string image, TempDirectory temp) => KernelImage.Read(image, "erofs", temp);

    private static void Fsck(string image)
    {
        HostTools.Require("fsck.erofs");
        ProcessRunner.Shell($"fsck.erofs \"{image}\"");
    }

    [Fact]
    public async Task The_image_mounts_and_holds_the_tree_root_owned()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();

        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")));

        Assert.Equal(temp.Combine("out", "myext-2.0-arm64.raw"), result.Path);
        Fsck(result.Path);
        var image = ReadThroughKernel(result.Path, temp);
        TreeAssert.Equal(Expected(keepOwners: false), image, compareRoot: false, expectedTime: Epoch);
        Assert.Equal(new FileInfo(result.Path).Length, result.Size);
    }

    [Fact]
    public async Task Keep_owners_keeps_them_in_the_image()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();

        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")) with { KeepOwners = true });

        Fsck(result.Path);
        var image = ReadThroughKernel(result.Path, temp);
        TreeAssert.Equal(Expected(keepOwners: true), image, compareRoot: false, expectedTime: Epoch);
        Assert.Equal((1000u, 1000u), (image.Find("usr/share/flix/empty")!.Uid, image.Find("usr/share/flix/empty")!.Gid));
    }

    [Fact]
    public async Task Same_input_same_epoch_gives_the_same_bytes()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();

        var first = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("a")));
        var second = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("b")));
        var other = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("c")) with { Epoch = Epoch + 1 });

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.NotEqual(first.Sha256, other.Sha256);
    }

    [Fact]
    public async Task Sha256sums_gets_its_line_and_keeps_the_others()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();
        string output = temp.Combine("out");
        Directory.CreateDirectory(output);
        string other = new('0', 64);
        await File.WriteAllTextAsync(Path.Combine(output, "SHA256SUMS"), $"{other}  zzz-1-x86-64.raw\n{new string('f', 64)}  myext-2.0-arm64.raw\n");

        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(output) with { Sysupdate = true });

        string actualHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(result.Path)));
        Assert.Equal(actualHash, result.Sha256);
        Assert.Equal($"{actualHash}  myext-2.0-arm64.raw\n{other}  zzz-1-x86-64.raw\n", await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS")));
        Assert.Equal(new SysupdateTransferFile { Name = "myext" }.Render(), await File.ReadAllTextAsync(Path.Combine(output, "myext.conf")));
        Assert.Equal(["SHA256SUMS", "myext-2.0-arm64.raw", "myext.conf", "noop.conf"], Entries(output));
    }

    [Fact]
    public void Arguments_follow_the_bakery_and_all_root_only_when_asked()
    {
        var allRoot = ErofsImageWriter.BuildArguments("img", "dir", 42, allRoot: true, fragments: false);
        var keep = ErofsImageWriter.BuildArguments("img", "dir", 42, allRoot: false, fragments: true);

        Assert.Equal(["--quiet", "-zlz4hc,12", "-C65536", "-Eztailpacking", "-T42", "-U00000000-0000-0000-0000-000000000000", "--all-root", "img", "dir"], allRoot);
        Assert.Equal(["--quiet", "-zlz4hc,12", "-C65536", "-Efragments,ztailpacking", "-T42", "-U00000000-0000-0000-0000-000000000000", "img", "dir"], keep);
    }

    [Fact]
    public async Task A_missing_mkfs_erofs_names_the_package()
    {
        using var temp = new TempDirectory();

        var error = await Assert.ThrowsAsync<ExternalToolException>(() =>
            SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")) with { MkfsErofsPath = temp.Combine("no", "mkfs.erofs") }));

        Assert.Contains("erofs-utils", error.Message);
        Assert.Empty(Entries(temp.Combine("out")));
    }

    [Fact]
    public async Task A_failing_mkfs_erofs_leaves_no_temporary_files_and_old_outputs_alone()
    {
        using var temp = new TempDirectory();
        string output = temp.Combine("out");
        Directory.CreateDirectory(output);
        string sums = $"{new string('1', 64)}  myext-2.0-arm64.raw\n";
        await File.WriteAllTextAsync(Path.Combine(output, "SHA256SUMS"), sums);
        await File.WriteAllTextAsync(Path.Combine(output, "myext-2.0-arm64.raw"), "previous image");
        string fake = temp.Combine("mkfs.erofs");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n[ \"$1\" = -V ] && exit 1\necho 'no space left' >&2\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = await Assert.ThrowsAsync<ExternalToolException>(() =>
            SysextPacker.PackAsync(SampleTrees.Everything(), Options(output) with { MkfsErofsPath = fake }));

        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("no space left", error.Message);
        Assert.Equal(["SHA256SUMS", "myext-2.0-arm64.raw"], Entries(output));
        Assert.Equal(sums, await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS")));
        Assert.Equal("previous image", await File.ReadAllTextAsync(Path.Combine(output, "myext-2.0-arm64.raw")));
    }

    private static List<string> Entries(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)]
            : [];
}
