using Flix.Oci.Auth;

namespace Flix.Oci.Tests.Auth;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Bearer_challenge_parameters()
    {
        var c = AuthChallenge.Parse("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull" """)!;
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.docker.io/token", c.Realm);
        Assert.Equal("registry.docker.io", c.Service);
        Assert.Equal("repository:library/alpine:pull", c.Scope);
    }

    [Theory]
    [InlineData("""Basic realm="Registry Realm" """, "Basic", "Registry Realm")]
    [InlineData("""bearer realm=https://a/t, service=x""", "bearer", "https://a/t")] // unquoted values
    [InlineData("""Bearer realm="a\"b" """, "Bearer", "a\"b")] // escaped quote
    public void Schemes_and_realms(string header, string scheme, string realm)
    {
        var c = AuthChallenge.Parse(header)!;
        Assert.Equal(scheme, c.Scheme);
        Assert.Equal(realm, c.Realm);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("=realm")]
    public void Garbage_is_no_challenge(string header) => Assert.Null(AuthChallenge.Parse(header));
}
