using Flix.Fetch;
using Flix.Oci.References;

namespace Flix.Oci.Tests.References;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine", "docker.io", "registry-1.docker.io", "library/alpine", "latest", null, "docker.io/library/alpine:latest")] // official image
    [InlineData("debian:trixie", "docker.io", "registry-1.docker.io", "library/debian", "trixie", null, "docker.io/library/debian:trixie")]
    [InlineData("user/app:1.0", "docker.io", "registry-1.docker.io", "user/app", "1.0", null, "docker.io/user/app:1.0")]
    [InlineData("docker.io/alpine", "docker.io", "registry-1.docker.io", "library/alpine", "latest", null, "docker.io/library/alpine:latest")]
    [InlineData("index.docker.io/library/alpine:3", "docker.io", "registry-1.docker.io", "library/alpine", "3", null, "docker.io/library/alpine:3")]
    [InlineData("localhost:5000/x", "localhost:5000", "localhost:5000", "x", "latest", null, "localhost:5000/x:latest")]
    [InlineData("localhost/x:y", "localhost", "localhost", "x", "y", null, "localhost/x:y")]
    [InlineData("ghcr.io/org/team/tool:v1.2_3", "ghcr.io", "ghcr.io", "org/team/tool", "v1.2_3", null, "ghcr.io/org/team/tool:v1.2_3")]
    [InlineData("127.0.0.1:5555/repo", "127.0.0.1:5555", "127.0.0.1:5555", "repo", "latest", null, "127.0.0.1:5555/repo:latest")]
    [InlineData("[::1]:5000/repo:t", "[::1]:5000", "[::1]:5000", "repo", "t", null, "[::1]:5000/repo:t")]
    [InlineData("quay.io/a/b@sha256:" + Hex, "quay.io", "quay.io", "a/b", null, "sha256:" + Hex, "quay.io/a/b@sha256:" + Hex)] // digest only: no tag
    [InlineData("alpine:3@sha256:" + Hex, "docker.io", "registry-1.docker.io", "library/alpine", "3", "sha256:" + Hex, "docker.io/library/alpine:3@sha256:" + Hex)]
    [InlineData("my-reg.example.com:443/a__b/c-d.e", "my-reg.example.com:443", "my-reg.example.com:443", "a__b/c-d.e", "latest", null, "my-reg.example.com:443/a__b/c-d.e:latest")]
    public void Parses(string text, string registry, string host, string repository, string? tag, string? digest, string canonical)
    {
        var r = ImageReference.Parse(text);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(host, r.RegistryHost);
        Assert.Equal(repository, r.Repository);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(digest, r.Digest?.ToString());
        Assert.Equal(canonical, r.ToString());
        Assert.Equal(r, ImageReference.Parse(r.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Alpine")] // upper case repository
    [InlineData("alpine:")] // empty tag
    [InlineData("alpine:-x")] // tag starting with '-'
    [InlineData("alpine@sha256:abc")] // short digest
    [InlineData("alpine@sha256:" + Hex + "\n")] // trailing newline
    [InlineData("alpine@md5:0123")] // unknown algorithm
    [InlineData("a//b")]
    [InlineData("/alpine")]
    [InlineData("alpine/")]
    [InlineData("reg.example.com/../x")]
    [InlineData("a b")]
    public void Rejects(string text)
    {
        var e = Assert.Throws<FormatException>(() => ImageReference.Parse(text));
        Assert.Contains("not a valid image reference", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5000/x", true)]
    [InlineData("127.0.0.1:5000/x", true)]
    [InlineData("[::1]:5000/x", true)]
    [InlineData("ghcr.io/x", false)]
    [InlineData("localhost.example.com/x", false)]
    public void Loopback(string text, bool loopback) => Assert.Equal(loopback, ImageReference.Parse(text).IsLoopback);
}
