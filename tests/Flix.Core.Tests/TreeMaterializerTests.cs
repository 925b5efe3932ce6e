using Flix.Core.Interop;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Core.Tests;

public sealed class TreeMaterializerTests
{
    [Fact]
    public async Task Materialized_tree_reads_back_identical()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        var tree = SampleTrees.Everything();
        string target = temp.Combine("out");

        await TreeMaterializer.MaterializeAsync(tree, target);

        TreeAssert.Equal(tree, DirectoryTreeReader.Read(target));
    }

    [Fact]
    public async Task Read_materialize_read_round_trip_is_stable()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), temp.Combine("first"));
        var first = DirectoryTreeReader.Read(temp.Combine("first"));

        await TreeMaterializer.MaterializeAsync(first, temp.Combine("second"));
        var second = DirectoryTreeReader.Read(temp.Combine("second"));

        TreeAssert.Equal(first, second);
        Assert.Equal(["usr/bin/hello = usr/bin/hello-again"], TreeAssert.HardLinkGroups(second));
    }

    [Fact]
    public async Task Hard_links_share_one_inode_and_special_files_have_their_types()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string target = temp.Combine("out");
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), target);

        var a = Stat(Path.Combine(target, "usr/bin/hello"));
        var b = Stat(Path.Combine(target, "usr/bin/hello-again"));
        Assert.Equal(a.Ino, b.Ino);
        Assert.Equal(2u, a.NLink);
        Assert.Equal(0x8000 | 0x9ED, a.Mode); // regular file 04755
        Assert.Equal(0x2000, Stat(Path.Combine(target, "usr/lib/flix/null")).Mode & 0xF000);
        var block = Stat(Path.Combine(target, "usr/lib/flix/block"));
        Assert.Equal(0x6000, block.Mode & 0xF000);
        Assert.Equal((259u, 300_000u), (block.RDevMajor, block.RDevMinor));
        Assert.Equal(0x1000, Stat(Path.Combine(target, "usr/lib/flix/fifo")).Mode & 0xF000);
        Assert.Equal(0xC000, Stat(Path.Combine(target, "usr/lib/flix/socket")).Mode & 0xF000);
        Assert.Equal("hello", new FileInfo(Path.Combine(target, "usr/bin/hi")).LinkTarget);
    }

    [Fact]
    public async Task Symlink_metadata_is_set_on_the_link_not_its_target()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string target = temp.Combine("out");
        await TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), target);

        var link = Stat(Path.Combine(target, "usr/bin/hi"));
        var file = Stat(Path.Combine(target, "usr/bin/hello"));
        Assert.Equal((7u, 8u, 1_600_000_400L), (link.Uid, link.Gid, link.MTime.Seconds));
        Assert.Equal((0u, 0u, 1_600_000_200L), (file.Uid, file.Gid, file.MTime.Seconds));
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_and_left_alone()
    {
        using var temp = new TempDirectory();
        string target = temp.Combine("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep"), "mine");

        var error = await Assert.ThrowsAsync<IOException>(() => TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), target));

        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_symlinked_target_is_refused()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("elsewhere"));
        File.CreateSymbolicLink(temp.Combine("out"), temp.Combine("elsewhere"));

        var error = await Assert.ThrowsAsync<IOException>(() => TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), temp.Combine("out")));

        Assert.Contains("symlink", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Combine("elsewhere")));
    }

    [Fact]
    public async Task An_empty_existing_target_gets_the_root_metadata()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string target = temp.Combine("out");
        Directory.CreateDirectory(target);
        var tree = new FileTree();
        tree.Root.Mode = 0x1E8; // 0750
        tree.Root.Uid = 12;
        tree.Root.Gid = 34;
        tree.Root.ModificationTime = 1234;
        tree.Add("usr/x", SampleTrees.File("x", 0x1A4, 5));

        await TreeMaterializer.MaterializeAsync(tree, target);

        var root = Stat(target);
        Assert.Equal((0x4000u | 0x1E8u, 12u, 34u, 1234L), ((uint)root.Mode, root.Uid, root.Gid, root.MTime.Seconds));
    }

    [Fact]
    public async Task Content_that_changed_size_is_an_error()
    {
        using var temp = new TempDirectory();
        var tree = new FileTree();
        tree.Root.Uid = Libc.GetEUid();
        tree.Root.Gid = Libc.GetEGid();
        var file = TreeNode.CreateFile(new ShrunkContent());
        file.Uid = tree.Root.Uid;
        file.Gid = tree.Root.Gid;
        tree.Root.SetChild("file", file);

        var error = await Assert.ThrowsAsync<IOException>(() => TreeMaterializer.MaterializeAsync(tree, temp.Combine("out")));

        Assert.Contains("'" + temp.Combine("out", "file") + "'", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_copy()
    {
        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TreeMaterializer.MaterializeAsync(SampleTrees.Everything(), temp.Combine("out"), null, cancellation.Token));
    }

    [Fact]
    public async Task Without_owners_entries_belong_to_the_caller()
    {
        using var temp = new TempDirectory();
        string target = temp.Combine("out");
        var tree = new FileTree();
        tree.Add("usr/x", SampleTrees.File("x", 0x1A4, 5, uid: 4321, gid: 4321));

        await TreeMaterializer.MaterializeAsync(tree, target, new TreeMaterializerOptions { ApplyOwners = false });

        var x = Stat(Path.Combine(target, "usr/x"));
        Assert.Equal((Libc.GetEUid(), Libc.GetEGid()), (x.Uid, x.Gid));
    }

    private static StatxBuffer Stat(string path)
    {
        Assert.Equal(0, Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var buffer));
        return buffer;
    }

    /// <summary>Claims more bytes than it delivers, like a file truncated after the tree was read.</summary>
    private sealed class ShrunkContent : FileContent
    {
        public override long Length => 10;

        public override Stream OpenRead() => new MemoryStream([1, 2, 3]);
    }
}
