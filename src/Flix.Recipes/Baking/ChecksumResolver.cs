using System.Text;
using Flix.Fetch;
using Flix.Recipes.Fetching;
using Flix.Recipes.Model;
using Flix.Recipes.Versions;

namespace Flix.Recipes.Baking;

/// <summary>Finds the digest an artifact must have: from its published sha256 file or list, the GitHub API, or the recipe.</summary>
internal sealed class ChecksumResolver(FetchSession session, VersionLister lister)
{
    private const int MaxChecksumFile = 4 * 1024 * 1024;

    /// <summary>The expected digest of <paramref name="url"/>, or null when the recipe names no checksum.</summary>
    public async Task<Digest?> ResolveAsync(
        Recipe recipe, Artifact artifact, string url, RecipeVersion version, string architecture, IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        var asset = FetchSession.FileNameOf(url);
        var spec = artifact.Checksum;
        switch (spec.Kind)
        {
            case ChecksumKind.File or ChecksumKind.List:
                var values = new Dictionary<string, string>(variables) { [TemplateVariables.Url] = url, [TemplateVariables.Asset] = asset };
                var sumsUrl = spec.Template!.Render(values);
                var text = await ReadAsync(sumsUrl, ct).ConfigureAwait(false);
                return Find(text, asset, sumsUrl, single: spec.Kind == ChecksumKind.File);
            case ChecksumKind.GitHub:
                var tag = spec.Tag?.Render(variables) ?? version.Text;
                var release = await lister.GitHubReleaseAsync(spec.Repository!, tag, ct).ConfigureAwait(false);
                var entry = release.Assets?.FirstOrDefault(a => a.Name == asset)
                    ?? throw new FetchException(url, $"The GitHub release {tag} of {spec.Repository} has no asset named {asset}.");
                if (!Digest.TryParse(entry.Digest, out var digest))
                {
                    throw new FetchException(url, $"The GitHub release {tag} of {spec.Repository} gives no sha256 digest for {asset} ('{Digest.Printable(entry.Digest)}').");
                }

                return digest;
            case ChecksumKind.Pinned:
                var pinned = spec.Pinned.FirstOrDefault(p => p.Version == version.Text && (p.Arch is null || p.Arch == architecture));
                if (pinned.Sha256 is null)
                {
                    throw new FetchException(url, $"The recipe {recipe.Name} pins no sha256 for artifacts[{artifact.Index}] of version {version.Text} on {architecture}; add one, or give --insecure-skip-verify.");
                }

                return Digest.Parse("sha256:" + pinned.Sha256);
            default:
                return null;
        }
    }

    private async Task<string> ReadAsync(string url, CancellationToken ct)
    {
        if (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal))
        {
            var document = await session.Http.GetDocumentAsync(new Uri(url), MaxChecksumFile, null, ct).ConfigureAwait(false);
            return Encoding.UTF8.GetString(document.Content);
        }

        var fetched = await session.FetchAsync(url, null, null, ct).ConfigureAwait(false);
        if (fetched.Size > MaxChecksumFile)
        {
            throw new InvalidDataException($"{url} is over {MaxChecksumFile} bytes: not a checksum file.");
        }

        return await File.ReadAllTextAsync(fetched.Path, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The sha256 for <paramref name="asset"/> in a checksum file: lines "HEX  NAME", "HEX *NAME", BSD "SHA256 (NAME) = HEX",
    /// or (<paramref name="single"/>) a file holding one bare digest.
    /// </summary>
    internal static Digest Find(string text, string asset, string source, bool single)
    {
        var bare = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string? hex = null;
            string? name = null;
            if (line.StartsWith("SHA256 (", StringComparison.Ordinal) && line.LastIndexOf(") = ", StringComparison.Ordinal) is var close and > 8)
            {
                name = line[8..close];
                hex = line[(close + 4)..].Trim();
            }
            else
            {
                var parts = line.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
                hex = parts[0];
                name = parts.Length > 1 ? parts[1].Trim().TrimStart('*') : null;
            }

            if (name is null)
            {
                bare.Add(hex);
                continue;
            }

            var baseName = name[(name.LastIndexOf('/') + 1)..];
            if (baseName == asset)
            {
                return Parse(hex, source, asset);
            }
        }

        if (single && bare.Count == 1)
        {
            return Parse(bare[0], source, asset);
        }

        throw new FetchException(source, $"{source} lists no sha256 for {asset}.");
    }

    private static Digest Parse(string hex, string source, string asset) =>
        Digest.TryParse("sha256:" + hex.ToLowerInvariant(), out var digest)
            ? digest
            : throw new InvalidDataException($"{source} gives '{Digest.Printable(hex)}' for {asset}, which is not a sha256 digest.");
}
