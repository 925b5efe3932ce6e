using System.Text;
using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Registry;

namespace Flix.Oci.Tests.Auth;

/// <summary>An identity token from an auth file is exchanged for an access token with an OAuth2 refresh-token POST.</summary>
[Collection(RegistryCollection.Name)]
public sealed class IdentityTokenTests(RegistryFixture fixture)
{
    [Fact]
    public async Task Identity_token_is_exchanged_for_an_access_token()
    {
        string? form = null;
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            var request = context.Request;
            if (request.Url!.AbsolutePath == "/token")
            {
                Assert.Equal("POST", request.HttpMethod);
                using (var reader = new StreamReader(request.InputStream))
                {
                    form = await reader.ReadToEndAsync();
                }

                var ok = form.Contains("refresh_token=refresh-123", StringComparison.Ordinal) && form.Contains("grant_type=refresh_token", StringComparison.Ordinal);
                var body = Encoding.UTF8.GetBytes(ok ? """{"access_token":"access-9"}""" : "{}");
                context.Response.StatusCode = ok ? 200 : 401;
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
                return true;
            }

            if (request.Headers["Authorization"] != "Bearer access-9")
            {
                context.Response.StatusCode = 401;
                context.Response.Headers["WWW-Authenticate"] = $"Bearer realm=\"http://127.0.0.1:{request.LocalEndPoint.Port}/token\",service=\"svc\"";
                context.Response.Close();
                return true;
            }

            return false;
        });

        var directory = Directory.CreateTempSubdirectory("flix-idtoken-").FullName;
        try
        {
            var authFile = Path.Combine(directory, "config.json");
            await File.WriteAllTextAsync(authFile, "{\"auths\":{\"" + front.Host + "\":{\"identitytoken\":\"refresh-123\"}}}");
            using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create() with { AuthFile = authFile });
            var image = await source.ResolveAsync(Platform.Parse("linux/amd64"));
            Assert.Equal(2, image.Layers.Count);
            Assert.Contains("scope=repository%3Atest%2Fsingle%3Apull", form, StringComparison.Ordinal);
            Assert.Contains("service=svc", form, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Oversized_manifest_is_refused()
    {
        using var front = new FakeFront(fixture.Server.Host, async context =>
        {
            if (context.Request.RawUrl!.Contains("/manifests/", StringComparison.Ordinal))
            {
                // No Content-Length: a chunked body that goes on past the limit.
                context.Response.SendChunked = true;
                context.Response.ContentType = OciMediaTypes.ImageManifest;
                var chunk = new byte[1024 * 1024];
                try
                {
                    for (var i = 0; i < 8; i++)
                    {
                        await context.Response.OutputStream.WriteAsync(chunk);
                    }

                    context.Response.Close();
                }
                catch (Exception e) when (e is IOException or System.Net.HttpListenerException)
                {
                }

                return true;
            }

            return false;
        });
        using var source = ImageSources.Create($"{front.Host}/test/single:1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryProtocolException>(() => source.ResolveAsync(Platform.Parse("linux/amd64")));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }
}
