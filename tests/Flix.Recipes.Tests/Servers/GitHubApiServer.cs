using System.Net;
using System.Text.Json.Nodes;
using Flix.TestSupport.Http;

namespace Flix.Recipes.Tests.Servers;

/// <summary>
/// A stand-in for the GitHub REST API on 127.0.0.1: releases and tags of one repository in pages of
/// <c>per_page</c> with Link headers, <c>releases/latest</c>, <c>releases/tags/TAG</c> with asset digests, asset
/// downloads that redirect to another host, and a bearer token it requires when one is set.
/// </summary>
public sealed class GitHubApiServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _repository;
    private readonly IReadOnlyList<(string Tag, bool Prerelease, IReadOnlyDictionary<string, string> AssetDigests)> _releases;

    private GitHubApiServer(string repository, IReadOnlyList<(string, bool, IReadOnlyDictionary<string, string>)> releases, string? token, string? assetHost)
    {
        _repository = repository;
        _releases = releases;
        _server = LoopbackHttpServer.Start(context => HandleAsync(context, token, assetHost));
    }

    public string BaseUrl => _server.BaseUrl;

    public LoopbackHttpServer Http => _server;

    /// <summary>Starts a server for <paramref name="repository"/> with releases newest first.</summary>
    public static GitHubApiServer Start(string repository, IReadOnlyList<(string Tag, bool Prerelease, IReadOnlyDictionary<string, string> AssetDigests)> releases, string? token = null, string? assetHost = null) =>
        new(repository, releases, token, assetHost);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpListenerContext context, string? token, string? assetHost)
    {
        var request = context.Request;
        if (token is not null && request.Headers["Authorization"] != $"Bearer {token}" && !request.Url!.AbsolutePath.Contains("/releases/download/", StringComparison.Ordinal))
        {
            await LoopbackHttpServer.ServeTextAsync(context, 401, """{"message":"Bad credentials"}""", "application/json");
            return;
        }

        var path = request.Url!.AbsolutePath;
        var prefix = $"/repos/{_repository}/";
        var page = int.TryParse(request.QueryString["page"], out var p) ? p : 1;
        var perPage = int.TryParse(request.QueryString["per_page"], out var n) ? Math.Min(n, 100) : 30;
        perPage = Math.Min(perPage, 2); // small pages, so paging is exercised
        if (path == prefix + "releases")
        {
            await PageAsync(context, [.. _releases.Select(r => Release(r))], page, perPage);
        }
        else if (path == prefix + "tags")
        {
            await PageAsync(context, [.. _releases.Select(r => (JsonNode)new JsonObject { ["name"] = r.Tag })], page, perPage);
        }
        else if (path == prefix + "releases/latest")
        {
            await JsonAsync(context, Release(_releases.First(r => !r.Prerelease)));
        }
        else if (path.StartsWith(prefix + "releases/tags/", StringComparison.Ordinal))
        {
            var tag = Uri.UnescapeDataString(path[(prefix + "releases/tags/").Length..]);
            var release = _releases.FirstOrDefault(r => r.Tag == tag);
            if (release.Tag is null)
            {
                await LoopbackHttpServer.ServeTextAsync(context, 404, """{"message":"Not Found"}""", "application/json");
                return;
            }

            await JsonAsync(context, Release(release));
        }
        else if (path.Contains("/releases/download/", StringComparison.Ordinal) && assetHost is not null)
        {
            // As github.com does: the download is a redirect to another host that serves the bytes.
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = assetHost + path;
            context.Response.Close();
        }
        else
        {
            await LoopbackHttpServer.ServeTextAsync(context, 404, """{"message":"Not Found"}""", "application/json");
        }
    }

    private JsonNode Release((string Tag, bool Prerelease, IReadOnlyDictionary<string, string> AssetDigests) release) => new JsonObject
    {
        ["tag_name"] = release.Tag,
        ["prerelease"] = release.Prerelease,
        ["draft"] = false,
        ["assets"] = new JsonArray([.. release.AssetDigests.Select(a => (JsonNode)new JsonObject
        {
            ["name"] = a.Key,
            ["digest"] = a.Value,
            ["browser_download_url"] = $"https://github.com/{_repository}/releases/download/{release.Tag}/{a.Key}",
        })]),
    };

    private async Task PageAsync(HttpListenerContext context, List<JsonNode> all, int page, int perPage)
    {
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var url = context.Request.Url!;
        string Link(int n) => $"<{url.GetLeftPart(UriPartial.Path)}?per_page={perPage}&page={n}>";
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"{Link(page + 1)}; rel=\"next\"");
            links.Add($"{Link(last)}; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"{Link(1)}; rel=\"first\"");
        }

        if (links.Count > 0)
        {
            context.Response.AddHeader("Link", string.Join(", ", links));
        }

        await JsonAsync(context, new JsonArray([.. all.Skip((page - 1) * perPage).Take(perPage).Select(node => node.DeepClone())]));
    }

    private static Task JsonAsync(HttpListenerContext context, JsonNode node) =>
        LoopbackHttpServer.ServeTextAsync(context, 200, node.ToJsonString(), "application/json");
}
