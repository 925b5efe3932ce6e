using Flix.Fetch;
using Flix.Oci.References;
using Flix.Oci.Registry;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Registry;

public sealed class RegistryClientTests
{
    [Theory]
    [InlineData("alpine", false, "https://registry-1.docker.io/v2/")] // Docker Hub's API host
    [InlineData("ghcr.io/a/b", false, "https://ghcr.io/v2/")]
    [InlineData("ghcr.io/a/b", true, "http://ghcr.io/v2/")] // insecure: plain HTTP allowed
    [InlineData("localhost:5000/x", false, "http://localhost:5000/v2/")] // loopback: plain HTTP
    [InlineData("127.0.0.1:5000/x", false, "http://127.0.0.1:5000/v2/")]
    [InlineData("[::1]:5000/x", false, "http://[::1]:5000/v2/")]
    [InlineData("reg.example:8443/x", false, "https://reg.example:8443/v2/")]
    public void Plain_http_only_for_loopback_or_when_insecure(string reference, bool insecure, string expected)
    {
        using var client = new RegistryClient(ImageReference.Parse(reference), new ImageSourceOptions { Insecure = insecure });
        Assert.Equal(expected, client.BaseUri.ToString());
    }

    [Theory]
    [InlineData("oci:/tmp/layout", typeof(OciLayoutSource))]
    [InlineData("oci:/tmp/layout:v1", typeof(OciLayoutSource))]
    [InlineData("docker-archive:/tmp/image.tar", typeof(DockerArchiveSource))]
    [InlineData("debian:trixie", typeof(RegistrySource))]
    [InlineData("docker://quay.io/a/b:1", typeof(RegistrySource))]
    public void Specs_choose_their_source(string spec, Type type)
    {
        using var source = ImageSources.Create(spec, new ImageSourceOptions { CacheDirectory = Path.GetTempPath() });
        Assert.IsType(type, source);
    }

    [Theory]
    [InlineData("oci:/tmp/layout:v1", "v1", null)]
    [InlineData("oci:/tmp/lay:out/x", null, null)] // a colon inside the path is not a tag
    [InlineData("oci:/tmp/layout@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Layout_specs_split_tag_and_digest(string spec, string? tag, string? digest)
    {
        using var source = (OciLayoutSource)ImageSources.Create(spec, new ImageSourceOptions { CacheDirectory = Path.GetTempPath() });
        Assert.Equal(tag, source.Tag);
        Assert.Equal(digest, source.Digest?.ToString());
    }
}
