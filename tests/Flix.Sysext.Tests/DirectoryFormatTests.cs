using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Sysext.Tests;

public sealed class DirectoryFormatTests
{
    private const long Epoch = 1_700_000_000;

    private static SysextPackOptions Options(string output) => new()
    {
        Name = "myext",
        Architecture = "x86-64",
        OutputDirectory = output,
        Format = ImageFormat.Directory,
        Version = "1.2.3",
        Os = "flatcar",
        ReloadManager = true,
        Epoch = Epoch,
        KeepOwners = true,
    };

    /// <summary>The sample tree with its times clamped and the metadata file added, as the image must hold it.</summary>
    private static FileTree Expected(bool keepOwners)
    {
        var tree = SampleTrees.Everything();
        if (!keepOwners)
        {
            tree.SetAllOwners(0, 0);
        }

        tree.Add("usr/lib/extension-release.d/extension-release.myext",
            SampleTrees.File("ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\nVERSION_ID=1.2.3\nEXTENSION_RELOAD_MANAGER=1\n", 0x1A4, Epoch));
        tree.Find("usr/lib/extension-release.d")!.ModificationTime = Epoch;
        return tree;
    }

    [Fact]
    public async Task The_directory_holds_the_source_tree_and_the_metadata()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), temp.Combine("source"));
        var source = DirectoryTreeReader.Read(temp.Combine("source"));

        var result = await SysextPacker.PackAsync(source, Options(temp.Combine("out")));

        Assert.Equal(temp.Combine("out", "myext-1.2.3-x86-64"), result.Path);
        Assert.Null(result.Sha256);
        Assert.Equal([DiagnosticIds.ShipsOpt], result.Diagnostics.Select(d => d.Id));
        TreeAssert.Equal(Expected(keepOwners: true), DirectoryTreeReader.Read(result.Path));
        Assert.False(File.Exists(temp.Combine("out", "SHA256SUMS")));
        Assert.Equal(["myext-1.2.3-x86-64"], Directory.EnumerateFileSystemEntries(temp.Combine("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task All_root_is_the_default_and_times_are_clamped_to_the_epoch()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        var tree = SampleTrees.Everything();
        tree.Find("usr/bin/hello")!.ModificationTime = Epoch + 500;

        var result = await SysextPacker.PackAsync(tree, Options(temp.Combine("out")) with { KeepOwners = false });

        var written = DirectoryTreeReader.Read(result.Path);
        var expected = Expected(keepOwners: false);
        expected.Find("usr/bin/hello")!.ModificationTime = Epoch;
        TreeAssert.Equal(expected, written);
        Assert.All(written.Walk(), e => Assert.Equal((0u, 0u), (e.Node.Uid, e.Node.Gid)));
    }

    [Fact]
    public async Task An_existing_directory_is_replaced_whole()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string old = temp.Combine("out", "myext-1.2.3-x86-64");
        Directory.CreateDirectory(Path.Combine(old, "usr/bin"));
        File.WriteAllText(Path.Combine(old, "usr/bin/stale"), "old");

        var result = await SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")));

        Assert.False(File.Exists(Path.Combine(result.Path, "usr/bin/stale")));
        Assert.True(File.Exists(Path.Combine(result.Path, "usr/bin/hello")));
        Assert.Equal(["myext-1.2.3-x86-64"], Directory.EnumerateFileSystemEntries(temp.Combine("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_source_folder_is_not_modified()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), temp.Combine("source"));
        await SysextPacker.PackAsync(DirectoryTreeReader.Read(temp.Combine("source")), Options(temp.Combine("out")) with { KeepOwners = false });

        Assert.False(Directory.Exists(temp.Combine("source", "usr/lib/extension-release.d")));
        TreeAssert.Equal(SampleTrees.Everything(), DirectoryTreeReader.Read(temp.Combine("source")));
    }

    [Fact]
    public async Task Layout_errors_stop_before_anything_is_written()
    {
        using var temp = new TempDirectory();
        var tree = SampleTrees.Everything();
        tree.Add("usr/sbin/daemon", SampleTrees.File("x", 0x1ED, 0));
        tree.Add("etc/daemon.conf", SampleTrees.File("x", 0x1A4, 0));

        var error = await Assert.ThrowsAsync<SysextLayoutException>(() => SysextPacker.PackAsync(tree, Options(temp.Combine("out"))));

        Assert.Equal([DiagnosticIds.OutsideHierarchies, DiagnosticIds.UsrSbin, DiagnosticIds.ShipsOpt], error.Diagnostics.Select(d => d.Id));
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Theory]
    // the output directory is the source folder itself
    [InlineData("myext", "myext")]
    // the output directory holds the source folder
    [InlineData("myext", "myext/usr/..")]
    public async Task The_source_folder_is_never_replaced(string sourceName, string sourceGiven)
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string source = temp.Combine(sourceName);
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), source);
        Directory.CreateSymbolicLink(temp.Combine("alias"), source);

        foreach (var given in new[] { temp.Combine(sourceGiven), temp.Combine("alias") })
        {
            var options = Options(temp.Path) with { Version = null, SourceDirectory = given };
            var error = await Assert.ThrowsAsync<Flix.Core.FlixException>(() => SysextPacker.PackAsync(DirectoryTreeReader.Read(source), options));
            Assert.Contains("choose another --output", error.Message);
        }

        TreeAssert.Equal(SampleTrees.Everything(), DirectoryTreeReader.Read(source));
    }

    [Fact]
    public async Task A_parent_of_the_source_is_never_replaced()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string source = temp.Combine("myext", "src");
        Directory.CreateDirectory(temp.Combine("myext"));
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), source);

        var options = Options(temp.Path) with { Version = null, SourceDirectory = source };
        await Assert.ThrowsAsync<Flix.Core.FlixException>(() => SysextPacker.PackAsync(DirectoryTreeReader.Read(source), options));

        Assert.True(Directory.Exists(source));
    }
}
