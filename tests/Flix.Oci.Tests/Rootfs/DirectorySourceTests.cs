using System.Text.Json;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Rootfs;

/// <summary><c>dir:PATH</c>: an existing root copied as it is, judged by <see cref="RootfsComparer"/> against the source.</summary>
public sealed class DirectorySourceTests
{
    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public async Task A_tree_is_copied_with_links_hard_links_fifos_modes_and_owners()
    {
        HostTools.RequireRoot("the source holds files owned by other users");
        using var scratch = new TempDirectory();
        string outside = scratch.Combine("outside-secret");
        await File.WriteAllTextAsync(outside, "not to be read");
        string source = await WriteSourceTreeAsync(scratch, outside);

        var result = await RootfsBuilder.BuildAsync("dir:" + source, scratch.Combine("rootfs"), Options());

        var differences = await RootfsComparer.CompareAsync(source, result.Directory, new RootfsComparison { CompareRoot = true });
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
        Assert.Equal(outside, new FileInfo(scratch.Combine("rootfs", "etc", "outside")).LinkTarget);
        Assert.Equal("/etc/passwd", new FileInfo(scratch.Combine("rootfs", "etc", "absolute")).LinkTarget);
        Assert.Equal("../usr/bin", new FileInfo(scratch.Combine("rootfs", "bin", "up")).LinkTarget);
        Assert.Equal("not to be read", await File.ReadAllTextAsync(outside));
        Assert.Equal("dir", result.Source);
        Assert.Equal("dir:" + source, result.Description);
        Assert.Null(result.Image);
        Assert.Empty(result.Layers);
        AssertModelPointsAtTarget(result);
        Assert.Equal(1001u, result.Model.Root.GetChild("home")!.Uid);
        Assert.Equal(new[] { "outside-secret", "rootfs", "source" }, Directory.EnumerateFileSystemEntries(scratch.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_symlink_to_a_directory_outside_is_copied_as_a_link_and_nothing_there_is_written()
    {
        using var scratch = new TempDirectory();
        string outside = Directory.CreateDirectory(scratch.Combine("outside")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outside, "keep"), "keep");
        string source = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        File.CreateSymbolicLink(Path.Combine(source, "escape"), outside);
        Directory.CreateDirectory(Path.Combine(source, "etc"));
        await File.WriteAllTextAsync(Path.Combine(source, "etc", "hostname"), "flix\n");

        var result = await RootfsBuilder.BuildAsync("dir:" + source, scratch.Combine("rootfs"), Options());

        Assert.Equal(outside, new FileInfo(Path.Combine(result.Directory, "escape")).LinkTarget);
        Assert.Equal(["keep"], Directory.EnumerateFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("flix\n", await File.ReadAllTextAsync(Path.Combine(result.Directory, "etc", "hostname")));
    }

    [Fact]
    public async Task A_missing_directory_is_an_error_naming_it_and_leaves_nothing()
    {
        using var scratch = new TempDirectory();
        string missing = scratch.Combine("no-such-root");

        var error = await Assert.ThrowsAsync<FlixException>(() => RootfsBuilder.BuildAsync("dir:" + missing, scratch.Combine("rootfs"), Options()));

        Assert.Contains(missing, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [Fact]
    public async Task A_file_is_not_a_source_directory()
    {
        using var scratch = new TempDirectory();
        string file = scratch.Combine("file");
        await File.WriteAllTextAsync(file, "x");

        var error = await Assert.ThrowsAsync<FlixException>(() => RootfsBuilder.BuildAsync("dir:" + file, scratch.Combine("rootfs"), Options()));

        Assert.Contains(file, error.Message);
        Assert.False(Directory.Exists(scratch.Combine("rootfs")));
    }

    [Fact]
    public async Task A_target_inside_the_source_is_refused()
    {
        using var scratch = new TempDirectory();
        string source = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "a"), "a");

        var error = await Assert.ThrowsAsync<FlixException>(() => RootfsBuilder.BuildAsync("dir:" + source, Path.Combine(source, "rootfs"), Options()));

        Assert.Contains("inside the source", error.Message);
        Assert.Equal(["a"], Directory.EnumerateFileSystemEntries(source).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failed_copy_leaves_no_staging_directory()
    {
        using var scratch = new TempDirectory();
        string source = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "a"), "a");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => RootfsBuilder.BuildAsync("dir:" + source, scratch.Combine("rootfs"), Options(), cancelled.Token));

        Assert.Equal(["source"], Directory.EnumerateFileSystemEntries(scratch.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Read_in_place_the_folder_is_modelled_where_it_is_through_a_link_naming_it()
    {
        using var scratch = new TempDirectory();
        string source = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "usr", "bin"));
        await File.WriteAllTextAsync(Path.Combine(source, "usr", "bin", "hello"), "hi\n");
        File.CreateSymbolicLink(Path.Combine(source, "bin"), "usr/bin");
        File.CreateSymbolicLink(scratch.Combine("named"), source);

        var result = RootfsBuilder.ReadDirectory(ImageSourceSpec.Parse("dir:" + scratch.Combine("named")));

        Assert.Equal(source, result.Directory);
        Assert.Equal("dir:" + source, result.Description);
        Assert.Equal("dir", result.Source);
        Assert.Null(result.Image);
        Assert.Equal(EntryKind.Symlink, result.Model.Find("bin")?.Kind);
        Assert.Equal(Path.Combine(source, "usr", "bin", "hello"), Assert.IsType<DiskFileContent>(result.Model.Find("usr/bin/hello")?.Content).Path);
        Assert.Equal(["named", "source"], Directory.EnumerateFileSystemEntries(scratch.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Read_in_place_a_missing_folder_is_an_error_naming_it()
    {
        using var scratch = new TempDirectory();
        string missing = scratch.Combine("no-such-root");

        var error = Assert.Throws<FlixException>(() => RootfsBuilder.ReadDirectory(ImageSourceSpec.Parse("dir:" + missing)));

        Assert.Contains(missing, error.Message);
    }

    private static RootfsOptions Options() => new() { Source = new ImageSourceOptions { NoCache = true } };

    /// <summary>A root with every kind of entry a copy must keep, including links that point out of it.</summary>
    private static async Task<string> WriteSourceTreeAsync(TempDirectory scratch, string outside)
    {
        string root = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        File.SetUnixFileMode(root, Mode755);
        string Make(string relative) => Directory.CreateDirectory(Path.Combine(root, relative), Mode755).FullName;
        Make("usr/bin");
        Make("etc");
        Make("bin");
        Make("home");
        string tmp = Make("tmp");
        File.SetUnixFileMode(tmp, Mode755 | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite | UnixFileMode.StickyBit);

        string su = Path.Combine(root, "usr/bin/su");
        await File.WriteAllTextAsync(su, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(su, Mode755 | UnixFileMode.SetUser);
        string wall = Path.Combine(root, "usr/bin/wall");
        await File.WriteAllTextAsync(wall, "wall");
        Assert.Equal(0, Interop.LChown(wall, 0, 5));
        File.SetUnixFileMode(wall, Mode755 | UnixFileMode.SetGroup);

        string data = Path.Combine(root, "usr/bin/busybox");
        await File.WriteAllBytesAsync(data, Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray());
        File.SetUnixFileMode(data, Mode755);
        Assert.Equal(0, Interop.Link(data, Path.Combine(root, "usr/bin/sh")));
        Assert.Equal(0, Interop.Link(data, Path.Combine(root, "bin/ls")));

        await File.WriteAllTextAsync(Path.Combine(root, "etc/shadow"), "root:*:1::::::\n");
        File.SetUnixFileMode(Path.Combine(root, "etc/shadow"), UnixFileMode.UserRead);
        File.SetLastWriteTimeUtc(Path.Combine(root, "etc/shadow"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        await File.WriteAllTextAsync(Path.Combine(root, "etc/empty"), string.Empty);

        File.CreateSymbolicLink(Path.Combine(root, "etc/outside"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "etc/absolute"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(root, "etc/dangling"), "no/such/file");
        File.CreateSymbolicLink(Path.Combine(root, "bin/up"), "../usr/bin");
        File.CreateSymbolicLink(Path.Combine(root, "lib"), "/lib");

        await ProcessRunner.RunCheckedAsync("mkfifo", ["-m", "0620", Path.Combine(root, "etc/initctl")]);

        Make("home/user");
        await File.WriteAllTextAsync(Path.Combine(root, "home/user/notes"), "mine");
        Assert.Equal(0, Interop.LChown(Path.Combine(root, "home/user/notes"), 1001, 1001));
        Assert.Equal(0, Interop.LChown(Path.Combine(root, "home/user"), 1001, 1001));
        Assert.Equal(0, Interop.LChown(Path.Combine(root, "home"), 1001, 100));
        Assert.Equal(0, Interop.LChown(Path.Combine(root, "etc/dangling"), 1001, 1001));
        return root;
    }

    private static void AssertModelPointsAtTarget(RootfsResult result)
    {
        foreach (var (path, node) in result.Model.Walk())
        {
            if (node.Content is DiskFileContent disk)
            {
                Assert.StartsWith(result.Directory + "/", disk.Path, StringComparison.Ordinal);
                Assert.Equal(new FileInfo(Path.Combine(result.Directory, path)).Length, disk.Length);
            }
        }
    }
}
