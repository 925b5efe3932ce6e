using Flix.Oci.Tests.Fixtures;
using Flix.Oci.Tests.Sources;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Registry;

/// <summary>One real registry for the registry tests, holding a single-arch, a multi-arch and a zstd image.</summary>
public sealed class SampleRegistry : IAsyncLifetime
{
    public LocalRegistry Registry { get; private set; } = null!;

    /// <summary>The first layer of <c>test/single:1</c>: its gzip blob, media type and tar.</summary>
    public (byte[] Content, string MediaType, byte[] Tar) SingleLayer { get; private set; }

    /// <summary>The manifest digest of <c>test/single:1</c> (amd64, two gzip layers, the second 300 kB).</summary>
    public string SingleDigest { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        using var scratch = new TempDirectory("flix-oci-tests-");
        var layout = new TestLayout(scratch.Combine("layout"));

        SingleLayer = TestLayout.GzipLayer("etc/hello", "hello from amd64\n");
        var single = layout.AddImage("amd64", [SingleLayer, TestLayout.GzipLayer("usr/bin/tool", new string('x', 300_000))]);
        layout.Tag(single, "single");

        var amd64 = layout.AddImage("amd64", [TestLayout.GzipLayer("arch", "amd64")]);
        var arm64 = layout.AddImage("arm64", [TestLayout.GzipLayer("arch", "arm64")], "v8");
        var arm = layout.AddImage("arm", [TestLayout.GzipLayer("arch", "arm")], "v7");
        var index = layout.AddIndex(amd64, arm64, arm);
        layout.Tag(index, "multi");

        var tar = TestLayout.Tar("zstd-file", "compressed with zstd");
        var zstd = layout.AddImage("amd64", [(TestLayout.Zstd(tar), OciMediaTypes.LayerZstd, tar)]);
        layout.Tag(zstd, "zstd");

        Registry = await LocalRegistry.StartAsync();
        await Registry.PushAsync(layout.Directory, "test/single:1", "single", all: true);
        await Registry.PushAsync(layout.Directory, "test/multi:1", "multi", all: true);
        await Registry.PushAsync(layout.Directory, "test/zstd:1", "zstd", all: true);
        SingleDigest = (string)single["digest"]!;
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}
