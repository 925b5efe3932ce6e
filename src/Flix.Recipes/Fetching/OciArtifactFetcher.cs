using Flix.Fetch;
using Flix.Fetch.Cache;
using Flix.Oci.Manifests;
using Flix.Oci.References;
using Flix.Oci.Registry;
using Flix.Oci.Sources;

namespace Flix.Recipes.Fetching;

/// <summary>
/// <c>oci://REGISTRY/REPO:TAG</c> or <c>@DIGEST</c>: one layer of an OCI artifact (a Wasm module by default), through
/// the registry client with its credentials, verified against the manifest's descriptor and cached by digest.
/// </summary>
internal static class OciArtifactFetcher
{
    /// <summary>The layer media types of Wasm modules on registries (wasm-to-oci, the Wasm OCI image spec, the CNCF Wasm artifact).</summary>
    public static readonly IReadOnlyList<string> WasmLayerTypes =
    [
        "application/vnd.wasm.content.layer.v1+wasm",
        "application/vnd.module.wasm.content.layer.v1+wasm",
        "application/wasm",
    ];

    /// <summary>The config media type that goes with <c>application/wasm</c> layers.</summary>
    public const string WasmConfigType = "application/vnd.wasm.config.v0+json";

    public static async Task<(string Path, Digest Digest, long Size, string Name)> FetchAsync(
        string url, string? mediaType, BlobCache cache, SourceIndex sources, ImageSourceOptions options, bool offline, CancellationToken ct)
    {
        var text = url["oci://".Length..];
        ImageReference reference;
        try
        {
            reference = ImageReference.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FetchException(url, $"{url}: {e.Message}", e);
        }

        var name = reference.Repository[(reference.Repository.LastIndexOf('/') + 1)..];
        if (offline)
        {
            if (sources.Lookup(url) is { } known && await cache.TryGetAsync(known.Digest, null, ct).ConfigureAwait(false) is { } hit)
            {
                return (hit, known.Digest, new FileInfo(hit).Length, name);
            }

            throw new OfflineMissingException(url, "the artifact");
        }

        using var client = new RegistryClient(reference, options);
        var (content, type) = await client.GetManifestAsync(reference.ManifestReference, ct).ConfigureAwait(false);
        var document = ManifestDocument.Parse(content, type, url);
        if (reference.Digest is { } pinned && pinned != document.Digest)
        {
            throw new InvalidDataException($"The manifest of {url} hashes to {document.Digest}, not to the requested {pinned}.");
        }

        if (document.Index is { } index)
        {
            var entry = index.Manifests.FirstOrDefault(m => m.Platform?.Architecture == "wasm")
                ?? (index.Manifests.Count == 1 ? index.Manifests[0] : throw new FetchException(url, $"{url} is an index of {index.Manifests.Count} manifests and none is for the wasm architecture."));
            var (child, childType) = await client.GetManifestAsync(entry.Digest, ct).ConfigureAwait(false);
            document = ManifestDocument.Parse(child, childType ?? entry.MediaType, url);
            if (document.Digest != entry.ParsedDigest)
            {
                throw new InvalidDataException($"The manifest {entry.Digest} of {url} arrived hashing to {document.Digest}.");
            }
        }

        var manifest = document.Manifest!;
        var layer = PickLayer(manifest, mediaType, url);
        var digest = layer.ParsedDigest;
        var path = await cache.TryGetAsync(digest, layer.Size, ct).ConfigureAwait(false);
        if (path is null)
        {
            var temporary = cache.CreateTemporaryFile();
            try
            {
                await client.DownloadBlobAsync(layer, temporary, null, ct).ConfigureAwait(false);
                path = cache.Publish(temporary, digest);
            }
            catch
            {
                BlobCache.TryDelete(temporary);
                throw;
            }
        }

        sources.Record(url, digest);
        var title = layer.Annotations?.GetValueOrDefault("org.opencontainers.image.title");
        return (path, digest, layer.Size, string.IsNullOrEmpty(title) || title.Contains('/') ? name : title);
    }

    private static OciDescriptor PickLayer(OciManifest manifest, string? mediaType, string url)
    {
        var wanted = mediaType is null ? WasmLayerTypes : [mediaType];
        var matches = manifest.Layers.Where(l => wanted.Contains(l.MediaType)).ToList();
        if (mediaType is null && matches.Any(l => l.MediaType == "application/wasm") && !manifest.Config.MediaType.StartsWith("application/vnd.wasm.config.", StringComparison.Ordinal))
        {
            throw new FetchException(url, $"{url} has an application/wasm layer but its config is '{Digest.Printable(manifest.Config.MediaType)}', not {WasmConfigType}.");
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new FetchException(url, $"{url} has no layer of type {string.Join(" or ", wanted)}; its layers are {string.Join(", ", manifest.Layers.Select(l => Digest.Printable(l.MediaType)))}."),
            _ => throw new FetchException(url, $"{url} has {matches.Count} layers of type {string.Join(" or ", wanted)}; name the one to take with media_type."),
        };
    }
}
