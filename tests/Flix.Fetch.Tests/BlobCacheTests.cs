using System.Text;
using Flix.Fetch.Cache;

namespace Flix.Fetch.Tests;

public sealed class BlobCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flix-blobcache-").FullName;

    [Fact]
    public async Task Publish_then_get_and_a_wrong_size_or_content_is_removed()
    {
        var cache = new BlobCache(_directory);
        var content = Encoding.UTF8.GetBytes("blob");
        var digest = Digest.Compute(content);
        Assert.Null(await cache.TryGetAsync(digest, content.Length));

        var temporary = cache.CreateTemporaryFile();
        await File.WriteAllBytesAsync(temporary, content);
        var path = cache.Publish(temporary, digest);
        Assert.Equal(Path.Combine(_directory, "blobs", "sha256", digest.Hex), path);
        Assert.Equal(path, await cache.TryGetAsync(digest, content.Length));

        Assert.Null(await cache.TryGetAsync(digest, 5));
        Assert.False(File.Exists(path));

        await File.WriteAllTextAsync(cache.Publish(WriteTemp(cache, "blob"), digest), "bloB");
        Assert.Null(await cache.TryGetAsync(digest, null));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Abandoned_temporary_files_are_swept()
    {
        var tmp = Path.Combine(_directory, "tmp");
        Directory.CreateDirectory(tmp);
        var old = Path.Combine(tmp, "old.partial");
        var fresh = Path.Combine(tmp, "fresh.partial");
        File.WriteAllText(old, "x");
        File.WriteAllText(fresh, "x");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        var created = new BlobCache(_directory).CreateTemporaryFile();
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(created));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string WriteTemp(BlobCache cache, string text)
    {
        var path = cache.CreateTemporaryFile();
        File.WriteAllText(path, text);
        return path;
    }
}
