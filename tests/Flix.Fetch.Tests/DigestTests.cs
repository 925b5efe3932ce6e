using System.Security.Cryptography;
using System.Text;
using Flix.Fetch;

namespace Flix.Fetch.Tests;

public sealed class DigestTests
{
    [Theory]
    [InlineData("sha256:" + "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4")]
    [InlineData("sha512:" + "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    public void Valid_digests_round_trip(string text)
    {
        var d = Digest.Parse(text);
        Assert.Equal(text, d.ToString());
        Assert.Equal(text[..6], d.Algorithm);
    }

    [Theory]
    [InlineData("sha256:../../x")] // path traversal
    [InlineData("sha256:A3ED95CAEB02FFE68CDD9FD84406680AE93D633CB16422D00E8A7C22955B46D4")] // upper case
    [InlineData("sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d")] // 63 digits
    [InlineData("sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4\n")] // trailing newline
    [InlineData("sha384:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4")] // unknown algorithm
    [InlineData("a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4")] // no algorithm
    [InlineData("sha256:g3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4")]
    [InlineData("")]
    public void Invalid_digests_throw_naming_the_text(string text)
    {
        var e = Assert.Throws<InvalidDataException>(() => Digest.Parse(text));
        Assert.Contains(text.TrimEnd('\n')[..Math.Min(text.TrimEnd('\n').Length, 12)], e.Message, StringComparison.Ordinal);
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void Matches_compares_hashes()
    {
        var content = Encoding.UTF8.GetBytes("hello");
        var d = Digest.Compute(content);
        Assert.True(d.Matches(SHA256.HashData(content)));
        Assert.False(d.Matches(SHA256.HashData(Encoding.UTF8.GetBytes("hellO"))));
        Assert.False(d.Matches(SHA512.HashData(content)));
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", d.ToString());
    }
}
