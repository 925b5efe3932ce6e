using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;
using Flix.Core.IO;

namespace Flix.Sysext.Tests;

public sealed class AtomicOutputTests
{
    private static SysextPackOptions Options(string output) => new()
    {
        Name = "myext",
        Architecture = "x86-64",
        OutputDirectory = output,
    };

    [Fact]
    public async Task A_cancelled_image_leaves_nothing_behind()
    {
        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")), cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Combine("out")));
    }

    [Fact]
    public async Task A_cancelled_directory_leaves_nothing_behind()
    {
        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SysextPacker.PackAsync(SampleTrees.Everything(), Options(temp.Combine("out")) with { Format = ImageFormat.Directory }, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Combine("out")));
    }

    [Fact]
    public async Task A_broken_sha256sums_is_reported_before_the_image_is_written()
    {
        using var temp = new TempDirectory();
        string output = temp.Combine("out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "SHA256SUMS"), "not a checksum line\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SysextPacker.PackAsync(SampleTrees.Everything(), Options(output)));

        Assert.Contains("SHA256SUMS", error.Message);
        Assert.Equal(["SHA256SUMS"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Atomic_write_failure_deletes_the_temporary_file_and_keeps_the_old_one()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("file");
        await File.WriteAllTextAsync(path, "old");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[100], ct);
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Equal(["file"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("old", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Atomic_write_publishes_with_mode_0644()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("file");

        await AtomicFile.WriteAllTextAsync(path, "new");

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
    }
}
