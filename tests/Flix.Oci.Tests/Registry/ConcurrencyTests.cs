using Flix.Oci.Manifests;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

/// <summary>Layers download in parallel, no more at once than the options allow.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ConcurrencyTests(RegistryFixture fixture)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)] // the default; the image has two layers
    public async Task Downloads_run_in_parallel_up_to_the_limit(int limit, int expected)
    {
        var current = 0;
        var peak = 0;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (!context.Request.RawUrl!.Contains("/blobs/", StringComparison.Ordinal))
            {
                return false;
            }

            var now = Interlocked.Increment(ref current);
            lock (fixture)
            {
                peak = Math.Max(peak, now);
            }

            await Task.Delay(300);
            Interlocked.Decrement(ref current);
            return false;
        });
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create() with { MaxConcurrentDownloads = limit });
        var image = await source.ResolveAsync(Platform.Parse("linux/amd64"));
        peak = 0;
        var paths = await Task.WhenAll(image.Layers.Select(l => source.FetchBlobAsync(l)));
        Assert.Equal(2, paths.Distinct().Count());
        Assert.Equal(expected, peak);
    }
}
