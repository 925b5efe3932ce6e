using Flix.Core.IO;
using Flix.TestSupport.Files;

namespace Flix.Core.Tests.IO;

public sealed class AtomicFileTests
{
    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void Write_replaces_the_file_whole_with_mode_0644()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("file");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(Public, File.GetUnixFileMode(path));
        Assert.Equal(["file"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("file");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new InvalidOperationException("stop");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["file"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Publish_renames_what_the_writer_made_and_returns_its_result()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("image.raw");
        string? written = null;

        int result = await AtomicFile.PublishAsync(path, async (temporary, ct) =>
        {
            written = temporary;
            await File.WriteAllTextAsync(temporary, "image", ct);
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Equal(temp.Path, Path.GetDirectoryName(written));
        Assert.StartsWith(".image.raw.", Path.GetFileName(written));
        Assert.Equal("image", await File.ReadAllTextAsync(path));
        Assert.Equal(Public, File.GetUnixFileMode(path));
        Assert.False(File.Exists(written));
    }

    [Fact]
    public async Task A_cancelled_publish_leaves_nothing()
    {
        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.PublishAsync(temp.Combine("image.raw"), async (temporary, ct) =>
        {
            await File.WriteAllTextAsync(temporary, "image", ct);
            await cancellation.CancelAsync();
            return 0;
        }, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }
}
