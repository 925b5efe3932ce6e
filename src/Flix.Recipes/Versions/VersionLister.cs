using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Flix.Fetch;
using Flix.Recipes.Fetching;
using Flix.Recipes.Model;

namespace Flix.Recipes.Versions;

/// <summary>
/// Lists a version source: GitHub releases or tags (following <c>Link</c> pages, with GITHUB_TOKEN), GitLab tags,
/// the HashiCorp releases API, an HTML index, a text file, an S3 listing or a fixed list. Versions are parsed as
/// semantic versions, filtered (pattern, pre-releases) and returned newest first.
/// </summary>
public sealed class VersionLister
{
    /// <summary>The GitHub REST API; point --mirror at a stand-in to test or to go through a proxy.</summary>
    public const string GitHubApi = "https://api.github.com";

    /// <summary>The HashiCorp releases API.</summary>
    public const string HashiCorpApi = "https://api.releases.hashicorp.com";

    private const int MaxPages = 50;
    private const int MaxDocument = 16 * 1024 * 1024;

    private readonly FetchSession _session;

    public VersionLister(FetchSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>The versions of <paramref name="source"/>, newest first.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> ListAsync(VersionSourceSpec source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var raw = source.Kind switch
        {
            VersionSourceKind.GitHubReleases => await GitHubReleasesAsync(source, ct).ConfigureAwait(false),
            VersionSourceKind.GitHubTags => await NamedTagsAsync($"{GitHubApi}/repos/{source.Subject}/tags?per_page=100", _session.GitHubHeaders(), ct).ConfigureAwait(false),
            VersionSourceKind.GitLabTags => await NamedTagsAsync(
                $"{source.Url!.TrimEnd('/')}/api/v4/projects/{Uri.EscapeDataString(Uri.UnescapeDataString(source.Subject!))}/repository/tags?per_page=100", null, ct).ConfigureAwait(false),
            VersionSourceKind.HashiCorp => await HashiCorpAsync(source, ct).ConfigureAwait(false),
            VersionSourceKind.HtmlIndex => Matches(source.Match!, await TextAsync(source.Url!, ct).ConfigureAwait(false)),
            VersionSourceKind.Text => Lines(source.Match, await TextAsync(source.Url!, ct).ConfigureAwait(false)),
            VersionSourceKind.S3Listing => await S3ListingAsync(source, ct).ConfigureAwait(false),
            _ => source.Fixed,
        };
        return Finish(source, raw);
    }

    /// <summary>The release of <paramref name="tag"/> in <paramref name="repository"/>, with its assets and their digests.</summary>
    public async Task<GitHubRelease> GitHubReleaseAsync(string repository, string tag, CancellationToken ct = default)
    {
        var url = $"{GitHubApi}/repos/{repository}/releases/tags/{Uri.EscapeDataString(tag)}";
        var document = await _session.Http.GetDocumentAsync(new Uri(url), MaxDocument, _session.GitHubHeaders(), ct).ConfigureAwait(false);
        return Deserialize(document.Content, ApiJsonContext.Default.GitHubRelease, document.Source)
            ?? throw new InvalidDataException($"{document.Source} is JSON null.");
    }

    /// <summary>Applies the source's filters to <paramref name="raw"/> and orders the versions, newest first.</summary>
    internal static IReadOnlyList<RecipeVersion> Finish(VersionSourceSpec source, IEnumerable<string> raw)
    {
        var versions = new SortedSet<RecipeVersion>(Comparer<RecipeVersion>.Create((a, b) => b.CompareTo(a)));
        foreach (var text in raw)
        {
            if (source.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                continue;
            }

            if (RecipeVersion.TryParse(text) is { } version && (source.Prereleases || !version.IsPrerelease))
            {
                versions.Add(version);
            }
        }

        return [.. versions];
    }

    private async Task<List<string>> GitHubReleasesAsync(VersionSourceSpec source, CancellationToken ct)
    {
        var versions = new List<string>();
        await foreach (var content in PagesAsync($"{GitHubApi}/repos/{source.Subject}/releases?per_page=100", _session.GitHubHeaders(), ct).ConfigureAwait(false))
        {
            foreach (var release in Deserialize(content.Content, ApiJsonContext.Default.ListGitHubRelease, content.Source) ?? [])
            {
                // A release GitHub flags as a pre-release is one, whatever its tag looks like (a rolling "dev").
                if (!release.Draft && (source.Prereleases || !release.Prerelease) && release.TagName is { } tag)
                {
                    versions.Add(tag);
                }
            }
        }

        return versions;
    }

    private async Task<List<string>> NamedTagsAsync(string url, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var content in PagesAsync(url, headers, ct).ConfigureAwait(false))
        {
            names.AddRange((Deserialize(content.Content, ApiJsonContext.Default.ListNamedTag, content.Source) ?? []).Select(t => t.Name).OfType<string>());
        }

        return names;
    }

    private async Task<List<string>> HashiCorpAsync(VersionSourceSpec source, CancellationToken ct)
    {
        const int Limit = 20;
        var versions = new List<string>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var url = $"{HashiCorpApi}/v1/releases/{Uri.EscapeDataString(source.Subject!)}?limit={Limit}{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}";
            var document = await _session.Http.GetDocumentAsync(new Uri(url), MaxDocument, null, ct).ConfigureAwait(false);
            var releases = Deserialize(document.Content, ApiJsonContext.Default.ListHashiCorpRelease, document.Source) ?? [];
            foreach (var release in releases)
            {
                if (release.Version is { } version && (release.LicenseClass ?? "oss") == source.LicenseClass && (source.Prereleases || !release.IsPrerelease))
                {
                    versions.Add(version);
                }
            }

            // Pages go back in time: the next one starts after the oldest creation time of this one.
            if (releases.Count < Limit || releases[^1].TimestampCreated is not { } last)
            {
                break;
            }

            after = last;
        }

        return versions;
    }

    private async Task<List<string>> S3ListingAsync(VersionSourceSpec source, CancellationToken ct)
    {
        IEnumerable<string> keys;
        if (source.Url!.StartsWith("s3://", StringComparison.Ordinal))
        {
            keys = await _session.ListS3Async(source.Url, ct).ConfigureAwait(false);
        }
        else
        {
            // A public bucket's listing over HTTP: ListBucketResult XML with Key and Prefix elements.
            var xml = await TextAsync(source.Url, ct).ConfigureAwait(false);
            var found = new List<string>();
            try
            {
                using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Key" or "Prefix")
                    {
                        found.Add(reader.ReadElementContentAsString());
                    }
                }
            }
            catch (XmlException e)
            {
                throw new InvalidDataException($"{source.Url} is not an S3 bucket listing: {e.Message}", e);
            }

            keys = found;
        }

        return Matches(source.Match!, string.Join('\n', keys));
    }

    private async Task<string> TextAsync(string url, CancellationToken ct)
    {
        var document = await _session.Http.GetDocumentAsync(new Uri(url), MaxDocument, null, ct).ConfigureAwait(false);
        return Encoding.UTF8.GetString(document.Content);
    }

    private async IAsyncEnumerable<FetchedPage> PagesAsync(string url, IReadOnlyDictionary<string, string>? headers, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? next = url;
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            var document = await _session.Http.GetDocumentAsync(new Uri(next), MaxDocument, headers, ct).ConfigureAwait(false);
            yield return new FetchedPage(document.Content, document.Source);
            next = document.Next;
        }
    }

    private static List<string> Matches(Regex match, string text) =>
        [.. match.Matches(text).Select(Version)];

    private static List<string> Lines(Regex? match, string text)
    {
        var versions = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (match is null)
            {
                versions.Add(line);
            }
            else if (match.Match(line) is { Success: true } m)
            {
                versions.Add(Version(m));
            }
        }

        return versions;
    }

    private static string Version(Match m) =>
        m.Groups["version"] is { Success: true } named ? named.Value : m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;

    private static T? Deserialize<T>(byte[] content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(content, type);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} did not answer the JSON Flix expects: {e.Message}", e);
        }
    }

    private sealed record FetchedPage(byte[] Content, string Source);
}
