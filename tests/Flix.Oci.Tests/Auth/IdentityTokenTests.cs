using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.Oci.Tests.Registry;
using Flix.TestSupport.Files;

namespace Flix.Oci.Tests.Auth;

/// <summary>An identity token from an auth file is exchanged for an access token with an OAuth2 refresh-token POST.</summary>
[Collection(SampleRegistryCollection.Name)]
public sealed class IdentityTokenTests(SampleRegistry fixture)
{
    [Fact]
    public async Task Identity_token_is_exchanged_for_an_access_token()
    {
        // The token server takes only a POST of grant_type=refresh_token&refresh_token=refresh-123; the challenge names no scope.
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.RequireBearerToken(scopeInChallenge: false, identityToken: "refresh-123");

        using var directory = new TempDirectory("flix-idtoken-");
        var authFile = directory.Combine("config.json");
        await File.WriteAllTextAsync(authFile, "{\"auths\":{\"" + proxy.Host + "\":{\"identitytoken\":\"refresh-123\"}}}");
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create() with { AuthFile = authFile });
        var image = await source.ResolveAsync(Platform.Parse("linux/amd64"));
        Assert.Equal(2, image.Layers.Count);
        var form = proxy.TokenForms[^1];
        Assert.Contains("scope=repository%3Atest%2Fsingle%3Apull", form, StringComparison.Ordinal);
        Assert.Contains("service=" + FaultyProxy.TokenService, form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_manifest_is_refused()
    {
        // No Content-Length: a body that goes on past the limit.
        await using var proxy = FaultyProxy.Start(fixture.Registry);
        proxy.AddFault(ProxyFault.Flood("/manifests/", 8 * 1024 * 1024, OciMediaTypes.ImageManifest));
        using var source = ImageSources.Create($"{proxy.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryProtocolException>(() => source.ResolveAsync(Platform.Parse("linux/amd64")));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }
}
