using Flix.TestSupport.Cache;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Tests;

/// <summary>The fixture cache builds an entry once, publishes it whole or not at all, and cleans what a crash left.</summary>
public sealed class FixtureCacheTests
{
    [Fact]
    public async Task Concurrent_requests_build_once_and_all_get_the_entry()
    {
        using var cache = new TempDirectory();
        int builds = 0;
        async Task Build(string folder, CancellationToken ct)
        {
            Interlocked.Increment(ref builds);
            await Task.Delay(300, ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "data"), "built", ct);
        }

        var entries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => FixtureCache.GetAsync(cache.Path, "sample", "recipe 1", Build))));

        Assert.Equal(1, builds);
        Assert.Single(entries.Distinct());
        Assert.Equal("built", await File.ReadAllTextAsync(Path.Combine(entries[0], "data")));
        Assert.Equal("recipe 1\n", await File.ReadAllTextAsync(Path.Combine(entries[0], "recipe")));
        Assert.NotEqual(entries[0], await FixtureCache.GetAsync(cache.Path, "sample", "recipe 2", Build));
    }

    [Fact]
    public async Task A_failed_build_leaves_no_entry_and_no_half_folder()
    {
        using var cache = new TempDirectory();
        var error = await Assert.ThrowsAsync<FixtureUnavailableException>(() => FixtureCache.GetAsync(cache.Path, "sample", "recipe", async (folder, _) =>
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "half"), "half");
            throw new FixtureUnavailableException("the download failed");
        }));

        Assert.Equal("the download failed", error.Message);
        Assert.Empty(Directory.EnumerateDirectories(cache.Path));
    }

    [Fact]
    public async Task The_folder_of_a_crashed_build_is_removed_by_the_next_build()
    {
        using var cache = new TempDirectory();
        string entry = FixtureCache.EntryPath(cache.Path, "sample", "recipe");
        string crashed = entry + ".building-999999999";
        Directory.CreateDirectory(Path.Combine(crashed, "rootfs", "usr"));
        File.CreateSymbolicLink(Path.Combine(crashed, "rootfs", "escape"), "/dev");

        string built = await FixtureCache.GetAsync(cache.Path, "sample", "recipe", (folder, ct) => File.WriteAllTextAsync(Path.Combine(folder, "data"), "new", ct));

        Assert.Equal(entry, built);
        Assert.False(Directory.Exists(crashed));
        Assert.True(File.Exists("/dev/null"));
    }

    [Fact]
    public async Task A_remembered_failure_fails_again_at_once_with_its_message()
    {
        using var cache = new TempDirectory();
        int builds = 0;
        Task Fail(string folder, CancellationToken ct)
        {
            builds++;
            throw new FixtureUnavailableException("404 Not Found: libc6_2.41_s390x.deb");
        }

        var window = TimeSpan.FromHours(1);
        await Assert.ThrowsAsync<FixtureUnavailableException>(() => FixtureCache.GetAsync(cache.Path, "sample", "recipe", Fail, window));
        var again = await Assert.ThrowsAsync<FixtureUnavailableException>(() => FixtureCache.GetAsync(cache.Path, "sample", "recipe", Fail, window));

        Assert.Equal(1, builds);
        Assert.Contains("libc6_2.41_s390x.deb", again.Message, StringComparison.Ordinal);
        Assert.Contains("remembered", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lock_excludes_another_process_until_it_lets_go()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("entry.lock");
        string ready = temp.Combine("ready");
        string release = temp.Combine("release");
        string done = temp.Combine("done");
        // flock(1) takes the same flock(2) lock, in another process: holds it until told to let go, and marks the
        // moment just before it does.
        var holder = ProcessRunner.RunAsync(
            "flock", [path, "sh", "-c", "touch \"$1\"; while [ ! -e \"$2\" ]; do sleep 0.05; done; touch \"$3\"", "flock", ready, release, done]);
        while (!File.Exists(ready))
        {
            await Task.Delay(20);
        }

        await Assert.ThrowsAsync<TimeoutException>(() => FileLock.AcquireAsync(path, TimeSpan.FromSeconds(1)));
        await File.WriteAllTextAsync(release, string.Empty);
        using (await FileLock.AcquireAsync(path, TimeSpan.FromSeconds(30)))
        {
            Assert.True(File.Exists(done), "the lock was taken while the other process still held it");
        }

        (await holder.WaitAsync(TimeSpan.FromSeconds(30))).EnsureSuccess();
    }
}
