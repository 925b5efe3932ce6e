using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Core.Tests;

/// <summary>
/// The tree remover never reaches out of the tree: not through a symlink, and not through a mount left below it (a
/// bind mount of a host folder or file), where it stops before changing anything at or below the mount.
/// </summary>
public sealed class TreeRemoverTests
{
    [Fact]
    public void Links_out_of_the_tree_are_unlinked_and_their_targets_kept()
    {
        using var temp = new TempDirectory();
        string outside = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "kept"), "kept");
        string tree = Directory.CreateDirectory(temp.Combine("tree", "usr")).Parent!.FullName;
        File.CreateSymbolicLink(Path.Combine(tree, "usr", "escape"), outside);
        File.CreateSymbolicLink(Path.Combine(tree, "file-link"), Path.Combine(outside, "kept"));
        File.SetUnixFileMode(Path.Combine(tree, "usr"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        TreeRemover.Delete(tree);

        Assert.False(Directory.Exists(tree));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(outside, "kept")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(outside) & (UnixFileMode)0x1C0);
    }

    [Theory]
    [InlineData("folder")] // a tmpfs mounted on a folder of the tree
    [InlineData("file")] // a file bound over a file of the tree
    public async Task A_mount_below_the_tree_stops_the_removal_before_anything_there_changes(string kind)
    {
        HostTools.RequireRoot("the test mounts below a temp folder");
        using var temp = new TempDirectory();
        string tree = temp.Combine("tree");
        string mounted = Path.Combine(tree, "dev", kind == "folder" ? "shm" : "null");
        string source = temp.Combine("source");
        Directory.CreateDirectory(Path.GetDirectoryName(mounted)!);
        if (kind == "folder")
        {
            Directory.CreateDirectory(mounted);
            (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "mode=1777", "flix-test", mounted])).EnsureSuccess();
            await File.WriteAllTextAsync(Path.Combine(mounted, "inside"), "inside");
        }
        else
        {
            await File.WriteAllTextAsync(source, "host file");
            File.SetUnixFileMode(source, (UnixFileMode)0x1B6); // 0666, as /dev/null
            await File.WriteAllTextAsync(mounted, string.Empty);
            (await ProcessRunner.RunAsync("mount", ["--bind", source, mounted])).EnsureSuccess();
        }

        try
        {
            var error = Assert.Throws<IOException>(() => TreeRemover.Delete(tree));
            Assert.Contains(mounted, error.Message, StringComparison.Ordinal);
            Assert.Contains("mounted", error.Message, StringComparison.Ordinal);
            if (kind == "folder")
            {
                Assert.Equal("inside", await File.ReadAllTextAsync(Path.Combine(mounted, "inside")));
                Assert.Equal((UnixFileMode)0x3FF, File.GetUnixFileMode(mounted)); // 1777 kept, not made 0700
            }
            else
            {
                Assert.Equal("host file", await File.ReadAllTextAsync(source));
                Assert.Equal((UnixFileMode)0x1B6, File.GetUnixFileMode(source));
            }
        }
        finally
        {
            (await ProcessRunner.RunAsync("umount", [mounted])).EnsureSuccess();
        }

        TreeRemover.Delete(tree);
        Assert.False(Directory.Exists(tree));
    }
}
