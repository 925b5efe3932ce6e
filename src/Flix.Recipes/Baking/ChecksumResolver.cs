using System.Text;
using Flix.Fetch;
using Flix.Fetch.OpenPgp;
using Flix.Recipes.Fetching;
using Flix.Recipes.Model;
using Flix.Recipes.Versions;

namespace Flix.Recipes.Baking;

/// <summary>
/// Finds the digest an artifact must have (from its published sha256 file or list, the GitHub API, or the recipe), or
/// checks its OpenPGP signature once it is fetched and before it is unpacked.
/// </summary>
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
                // A signature has no digest to expect: VerifySignatureAsync checks the fetched file.
                return null;
        }
    }

    /// <summary>
    /// Checks <paramref name="fetched"/> (the download of <paramref name="url"/>) against the OpenPGP detached signature
    /// and key the artifact's <see cref="ChecksumKind.Signature"/> checksum names, both fetched like any download;
    /// returns how it was verified, or throws one line naming the artifact, the signature, the key file and the signer.
    /// </summary>
    public async Task<string> VerifySignatureAsync(Artifact artifact, string url, IReadOnlyDictionary<string, string> variables, FetchedArtifact fetched, CancellationToken ct)
    {
        var spec = artifact.Checksum;
        var values = new Dictionary<string, string>(variables) { [TemplateVariables.Url] = url, [TemplateVariables.Asset] = FetchSession.FileNameOf(url) };
        var signatureUrl = spec.Template!.Render(values);
        var keyUrl = spec.Key!.Render(values);
        var signature = await ReadBytesAsync(signatureUrl, OpenPgpLimits.MaxSignatureFile, "an OpenPGP signature", ct).ConfigureAwait(false);
        var key = await ReadBytesAsync(keyUrl, OpenPgpLimits.MaxKeyFile, "an OpenPGP public key file", ct).ConfigureAwait(false);
        OpenPgpKeyRing keys;
        try
        {
            keys = OpenPgpKeyRing.Parse(key, keyUrl);
        }
        catch (Exception e) when (e is OpenPgpException or NotSupportedException)
        {
            throw new OpenPgpException($"Cannot verify {url} with the signature {signatureUrl}: {e.Message}", e);
        }

        var data = File.OpenRead(fetched.Path);
        await using (data.ConfigureAwait(false))
        {
            var result = await OpenPgpVerifier.VerifyDetachedAsync(
                data, signature, keys, new OpenPgpVerifyOptions { DataLabel = url, SignatureLabel = signatureUrl, Fingerprints = spec.Fingerprints }, ct).ConfigureAwait(false);
            return $"openpgp {result.Fingerprint}";
        }
    }

    private async Task<string> ReadAsync(string url, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(url, MaxChecksumFile, "a checksum file", ct).ConfigureAwait(false));

    /// <summary>A small published file (checksums, signature, key), fetched through the session's mirrors and cache, at most <paramref name="max"/> bytes.</summary>
    private async Task<byte[]> ReadBytesAsync(string url, int max, string what, CancellationToken ct)
    {
        if (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal))
        {
            var document = await session.Http.GetDocumentAsync(new Uri(url), max, null, ct).ConfigureAwait(false);
            return document.Content;
        }

        var fetched = await session.FetchAsync(url, null, null, ct).ConfigureAwait(false);
        if (fetched.Size > max)
        {
            throw new InvalidDataException($"{url} is over {max} bytes: not {what}.");
        }

        return await File.ReadAllBytesAsync(fetched.Path, ct).ConfigureAwait(false);
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
