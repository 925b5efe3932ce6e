using Flix.Oci.Manifests;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;

namespace Flix.Oci.Tests.Registry;

/// <summary>Layers download in parallel, no more at once than the options allow.</summary>
[Collection(SampleRegistryCollection.Name)]
public sealed class ConcurrencyTests(SampleRegistry fixture)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)] // the default; the image has two layers
    public async Task Downloads_run_in_parallel_up_to_the_limit(int limit, int expected)
    {
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create() with { MaxConcurrentDownloads = limit });
        var image = await source.ResolveAsync(Platform.Parse("linux/amd64"));

        // Each layer request is held 300 ms; the proxy counts how many it holds at once.
        proxy.AddFault(ProxyFault.DelayBy("/blobs/", TimeSpan.FromMilliseconds(300)));
        var paths = await Task.WhenAll(image.Layers.Select(l => source.FetchBlobAsync(l)));
        Assert.Equal(2, paths.Distinct().Count());
        Assert.Equal(expected, proxy.PeakDelayed);
    }
}
