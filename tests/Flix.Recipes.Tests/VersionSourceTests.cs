using Flix.Core.Tree;
using Flix.Fetch;
using Flix.Recipes.Fetching;
using Flix.Recipes.Model;
using Flix.Recipes.Tests.Servers;
using Flix.Recipes.Versions;
using Flix.TestSupport.Http;

namespace Flix.Recipes.Tests;

public sealed class VersionSourceTests : IDisposable
{
    private static readonly Dictionary<string, string> NoAssets = [];
    private readonly string _cache = Directory.CreateTempSubdirectory("flix-versions-").FullName;

    [Fact]
    public async Task GitHub_releases_are_paged_filtered_and_sorted_with_the_token()
    {
        await using var api = GitHubApiServer.Start("o/tool",
        [
            ("dev", true, NoAssets), ("v2.0.0-rc.1", false, NoAssets), ("v1.10.0", false, NoAssets), ("v1.9.2", false, NoAssets),
            ("v1.2.0", false, NoAssets), ("v1.10.1", false, NoAssets),
        ], token: "s3cret");
        using var session = Session(api.BaseUrl, token: "s3cret");
        var versions = await new VersionLister(session).ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.GitHubReleases, Subject = "o/tool" });
        Assert.Equal(["v1.10.1", "v1.10.0", "v1.9.2", "v1.2.0"], versions.Select(v => v.Text));
        Assert.True(api.Http.Requests.Count >= 3); // pages of two releases, followed through Link headers
        Assert.All(api.Http.Requests, r => Assert.Equal("Bearer s3cret", r.Authorization));

        var tags = await new VersionLister(session).ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.GitHubTags, Subject = "o/tool", Pattern = new(@"^v1\.") });
        Assert.Equal("v1.10.1", tags[0].Text);
        Assert.Equal(4, tags.Count);
        Assert.Equal(["v1.10.1", "v1.9.2"], new LatestPolicy(2).Select(versions).Select(v => v.Text));
    }

    [Fact]
    public async Task A_wrong_token_is_a_clear_error()
    {
        await using var api = GitHubApiServer.Start("o/tool", [("v1.0.0", false, NoAssets)], token: "right");
        using var session = Session(api.BaseUrl, token: "wrong");
        var e = await Assert.ThrowsAsync<Fetch.Http.HttpStatusException>(() => new VersionLister(session).ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.GitHubReleases, Subject = "o/tool" }));
        Assert.Contains("HTTP 401", e.Message, StringComparison.Ordinal);
        Assert.Contains("/repos/o/tool/releases", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_index_text_gitlab_and_hashicorp_sources_against_local_servers()
    {
        await using var server = LoopbackHttpServer.Start(context => context.Request.Url!.AbsolutePath switch
        {
            "/linux/static/stable/x86_64/" => LoopbackHttpServer.ServeTextAsync(context, 200,
                """<html><a href="docker-26.1.4.tgz">docker-26.1.4.tgz</a> <a href="docker-27.3.1.tgz">x</a> <a href="docker-rootless-extras-27.3.1.tgz">y</a></html>""", "text/html"),
            "/release/stable-1.31.txt" => LoopbackHttpServer.ServeTextAsync(context, 200, "v1.31.4\n"),
            "/api/v4/projects/6/repository/tags" => LoopbackHttpServer.ServeTextAsync(context, 200, """[{"name":"v2.16.1"},{"name":"v2.17.0"}]""", "application/json"),
            "/v1/releases/consul" => LoopbackHttpServer.ServeTextAsync(context, 200,
                """[{"version":"1.20.1","is_prerelease":false,"license_class":"oss","timestamp_created":"2024-10-29T00:00:00Z"},{"version":"1.20.1+ent","is_prerelease":false,"license_class":"enterprise","timestamp_created":"2024-10-29T00:00:00Z"},{"version":"1.21.0-rc1","is_prerelease":true,"license_class":"oss","timestamp_created":"2024-10-30T00:00:00Z"}]""", "application/json"),
            _ => LoopbackHttpServer.ServeTextAsync(context, 404, "no"),
        });
        using var session = Session(server.BaseUrl);
        var lister = new VersionLister(session);
        var docker = await lister.ListAsync(new VersionSourceSpec
        {
            Kind = VersionSourceKind.HtmlIndex, Url = "https://download.docker.com/linux/static/stable/x86_64/", Match = new(@"docker-(\d+\.\d+\.\d+)\.tgz"),
        });
        Assert.Equal(["27.3.1", "26.1.4"], docker.Select(v => v.Text));
        var kubernetes = await lister.ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.Text, Url = "https://dl.k8s.io/release/stable-1.31.txt" });
        Assert.Equal("v1.31.4", Assert.Single(kubernetes).Text);
        var bird = await lister.ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.GitLabTags, Url = "https://gitlab.nic.cz", Subject = "6" });
        Assert.Equal(["v2.17.0", "v2.16.1"], bird.Select(v => v.Text));
        var consul = await lister.ListAsync(new VersionSourceSpec { Kind = VersionSourceKind.HashiCorp, Subject = "consul", LicenseClass = "oss" });
        Assert.Equal("1.20.1", Assert.Single(consul).Text);
    }

    [Fact]
    public void Versions_order_like_semantic_versions_with_natural_build_metadata()
    {
        var source = new VersionSourceSpec { Kind = VersionSourceKind.Fixed };
        var sorted = VersionLister.Finish(source, ["v1.32.2+k3s10", "v1.32.2+k3s2", "1.2", "v1.31.9+k3s1", "not-a-version", "0.14.1"]);
        Assert.Equal(["v1.32.2+k3s10", "v1.32.2+k3s2", "v1.31.9+k3s1", "1.2", "0.14.1"], sorted.Select(v => v.Text));
    }

    public void Dispose() => TreeRemover.Delete(_cache);

    private FetchSession Session(string server, string? token = null) => new(new FetchSessionOptions
    {
        CacheDirectory = _cache,
        Mirrors = MirrorMap.Parse([
            $"https://api.github.com={server}", $"https://download.docker.com={server}", $"https://dl.k8s.io={server}",
            $"https://gitlab.nic.cz={server}", $"https://api.releases.hashicorp.com={server}"]),
        Environment = name => name == "GITHUB_TOKEN" ? token : null,
        Retry = new Fetch.Http.RetryPolicy { RetryDelay = TimeSpan.FromMilliseconds(10) },
    });
}
