using System.Text;
using Flix.Oci.Manifests;

namespace Flix.Oci.Tests.Manifests;

public sealed class ManifestDocumentTests
{
    private const string D = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly string Manifest = $$"""{"schemaVersion":2,"mediaType":"{{OciMediaTypes.ImageManifest}}","config":{"mediaType":"{{OciMediaTypes.ImageConfig}}","digest":"{{D}}","size":2},"layers":[{"mediaType":"{{OciMediaTypes.LayerGzip}}","digest":"{{D}}","size":3}]}""";

    [Fact]
    public void Manifest_parses_and_its_digest_is_computed()
    {
        var bytes = Encoding.UTF8.GetBytes(Manifest);
        var doc = ManifestDocument.Parse(bytes, OciMediaTypes.ImageManifest + "; charset=utf-8", "test");
        Assert.Null(doc.Index);
        Assert.Equal(3, Assert.Single(doc.Manifest!.Layers).Size);
        Assert.Equal(Flix.Fetch.Digest.Compute(bytes), doc.Digest);
    }

    [Fact]
    public void Docker_manifest_list_parses_as_an_index()
    {
        var list = $$$"""{"schemaVersion":2,"mediaType":"{{{OciMediaTypes.DockerManifestList}}}","manifests":[{"mediaType":"{{{OciMediaTypes.DockerManifest}}}","digest":"{{{D}}}","size":9,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}""";
        var doc = ManifestDocument.Parse(Encoding.UTF8.GetBytes(list), OciMediaTypes.DockerManifestList, "test");
        Assert.Equal("linux/arm64/v8", doc.Index!.Manifests[0].Platform!.ToString());
    }

    [Theory]
    [InlineData("""{"schemaVersion":1,"name":"x","fsLayers":[]}""", typeof(NotSupportedException))] // schema 1
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[],"layers":[]}""", typeof(InvalidDataException))] // both shapes
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""", typeof(InvalidDataException))] // no config
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"x","digest":"sha256:../../etc","size":1}]}""", typeof(InvalidDataException))] // hostile digest
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.example+json","manifests":[]}""", typeof(NotSupportedException))] // an artifact
    [InlineData("""not json""", typeof(InvalidDataException))]
    [InlineData("""{"schemaVersion":3}""", typeof(InvalidDataException))]
    public void Bad_documents_are_refused(string json, Type exception)
    {
        var e = Assert.Throws(exception, () => ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), null, "the-source"));
        Assert.Contains("the-source", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_type_contradicting_the_media_type_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(Manifest), OciMediaTypes.ImageIndex, "test"));
        Assert.Contains(OciMediaTypes.ImageIndex, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_document_is_refused() =>
        Assert.Throws<InvalidDataException>(() => ManifestDocument.Parse(new byte[ManifestDocument.MaxSize + 1], null, "test"));
}
