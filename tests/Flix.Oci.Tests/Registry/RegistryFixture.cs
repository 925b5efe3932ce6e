using System.Text.Json.Nodes;
using Flix.Oci.Tests.Sources;

namespace Flix.Oci.Tests.Registry;

/// <summary>One real registry for the registry tests, holding a single-arch, a multi-arch and a zstd image.</summary>
public sealed class RegistryFixture : IDisposable
{
    public RegistryFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("flix-oci-tests-").FullName;
        Server = RegistryServer.Start();
        var layout = new TestLayout(Path.Combine(Directory, "layout"));

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

        Server.Push(layout.Directory, "single", "test/single:1");
        Server.Push(layout.Directory, "multi", "test/multi:1");
        Server.Push(layout.Directory, "zstd", "test/zstd:1");
        Layout = layout;
        SingleDigest = (string)single["digest"]!;
    }

    public string Directory { get; }

    public RegistryServer Server { get; }

    public TestLayout Layout { get; }

    public (byte[] Content, string MediaType, byte[] Tar) SingleLayer { get; }

    public string SingleDigest { get; }

    public void Dispose()
    {
        Server.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
