using System.Collections.Concurrent;
using System.Text.Json;
using Flix.Fetch;
using Flix.Fetch.Cache;
using Flix.Oci.Layers;
using Flix.Oci.Manifests;
using Flix.Oci.References;

namespace Flix.Oci.Sources;

/// <summary>
/// What every source shares: index walking and platform choice, config and layer checks, and blob fetching through a
/// verified cache with bounded parallelism. A source supplies the root document, child manifests and raw blob bytes.
/// </summary>
public abstract class ImageSourceBase : IImageSource
{
    private const int MaxConfigSize = 16 * 1024 * 1024;
    private const int MaxIndexDepth = 4;
    private const int MaxIndexEntries = 10_000;

    private readonly ConcurrentDictionary<Digest, Lazy<Task<string>>> _inFlight = new();
    private readonly SemaphoreSlim _downloads;
    private readonly string? _privateDirectory;
    private int _disposed;

    private protected ImageSourceBase(ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDownloads, 1);
        Options = options;
        if (options.NoCache)
        {
            _privateDirectory = Directory.CreateTempSubdirectory("flix-blobs-").FullName;
            Cache = new BlobCache(_privateDirectory);
        }
        else
        {
            Cache = new BlobCache(options.ResolveCacheDirectory());
        }

        _downloads = new SemaphoreSlim(options.MaxConcurrentDownloads, options.MaxConcurrentDownloads);
    }

    public abstract string Description { get; }

    public ImageSourceOptions Options { get; }

    /// <summary>The blob store this source fills.</summary>
    public BlobCache Cache { get; }

    public async Task<ResolvedImage> ResolveAsync(Platform platform, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var (content, mediaType, expected) = await FetchRootAsync(ct).ConfigureAwait(false);
        var document = ManifestDocument.Parse(content, mediaType, Description);
        if (expected is { } pinned && pinned != document.Digest)
        {
            throw new InvalidDataException($"The manifest of {Description} hashes to {document.Digest}, not to the requested {pinned}.");
        }

        var fromIndex = false;
        for (var depth = 0; document.Index is { } index; depth++)
        {
            if (depth >= MaxIndexDepth)
            {
                throw new InvalidDataException($"{Description} nests image indexes deeper than {MaxIndexDepth} levels.");
            }

            if (index.Manifests.Count > MaxIndexEntries)
            {
                throw new InvalidDataException($"The index {document.Digest} of {Description} has {index.Manifests.Count} entries, over the limit of {MaxIndexEntries}.");
            }

            var chosen = SelectPlatform(index, platform);
            if (chosen.Digest == document.Digest.ToString())
            {
                throw new InvalidDataException($"The index {document.Digest} of {Description} names itself.");
            }

            var child = await FetchManifestAsync(chosen, ct).ConfigureAwait(false);
            document = ManifestDocument.Parse(child, chosen.MediaType, Description);
            fromIndex = true;
        }

        var manifest = document.Manifest!;
        var config = await ReadConfigAsync(manifest.Config, ct).ConfigureAwait(false);
        var configPlatform = new Platform { Os = config.Os ?? "linux", Architecture = config.Architecture ?? "unknown", Variant = config.Variant };
        if (!fromIndex && config.Architecture is not null && !platform.Accepts(configPlatform))
        {
            throw new PlatformNotFoundException(Description, platform, [configPlatform]);
        }

        CheckLayers(manifest, config, document.Digest);
        return new ResolvedImage
        {
            Description = Description,
            Reference = Reference,
            ManifestDigest = document.Digest,
            Platform = config.Architecture is null ? platform : configPlatform,
            Manifest = manifest,
            Config = config,
            Layers = manifest.Layers,
        };
    }

    public Task<string> FetchBlobAsync(OciDescriptor blob, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        blob.Validate();
        var digest = blob.ParsedDigest;
        var lazy = _inFlight.GetOrAdd(digest, d => new Lazy<Task<string>>(() => FetchBlobOnceAsync(blob, d, progress, ct)));
        return AwaitAndForgetAsync(digest, lazy, ct);
    }

    /// <summary>The registry reference this source reads, if any.</summary>
    protected virtual ImageReference? Reference => null;

    /// <summary>The root document's bytes, the media type it was served or described as, and the digest it must have, if pinned.</summary>
    protected abstract Task<(byte[] Content, string? MediaType, Digest? Expected)> FetchRootAsync(CancellationToken ct);

    /// <summary>The bytes of the manifest <paramref name="descriptor"/> names, verified against its digest and size.</summary>
    protected abstract Task<byte[]> FetchManifestAsync(OciDescriptor descriptor, CancellationToken ct);

    /// <summary>Writes the blob into the empty file <paramref name="temporaryPath"/>, verifying digest and size; throws on mismatch.</summary>
    protected abstract Task WriteBlobAsync(OciDescriptor blob, Digest digest, string temporaryPath, IProgress<long>? progress, CancellationToken ct);

    /// <summary>Reads a whole verified file no bigger than <paramref name="descriptor"/> says.</summary>
    protected static async Task<byte[]> ReadSmallAsync(Stream stream, OciDescriptor descriptor, long limit, string source, CancellationToken ct)
    {
        if (descriptor.Size > limit)
        {
            throw new InvalidDataException($"{descriptor.Digest} of {source} declares {descriptor.Size} bytes, over the {limit}-byte limit for a document.");
        }

        var expected = descriptor.Expected(source);
        using var memory = new MemoryStream();
        using var hash = expected.CreateHash();
        var written = await VerifyingCopy.CopyAsync(stream, memory, hash, 0, expected, null, ct).ConfigureAwait(false);
        VerifyingCopy.Check(hash, written, expected);
        return memory.ToArray();
    }

    protected virtual void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !disposing)
        {
            return;
        }

        _downloads.Dispose();
        if (_privateDirectory is not null)
        {
            try
            {
                Directory.Delete(_privateDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> AwaitAndForgetAsync(Digest digest, Lazy<Task<string>> lazy, CancellationToken ct)
    {
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<Digest, Lazy<Task<string>>>(digest, lazy));
        }
    }

    private async Task<string> FetchBlobOnceAsync(OciDescriptor blob, Digest digest, IProgress<long>? progress, CancellationToken ct)
    {
        var cached = await Cache.TryGetAsync(digest, blob.Size, ct).ConfigureAwait(false);
        if (cached is not null)
        {
            progress?.Report(blob.Size);
            return cached;
        }

        await _downloads.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var temporary = Cache.CreateTemporaryFile();
            try
            {
                await WriteBlobAsync(blob, digest, temporary, progress, ct).ConfigureAwait(false);
                return Cache.Publish(temporary, digest);
            }
            catch
            {
                BlobCache.TryDelete(temporary);
                throw;
            }
        }
        finally
        {
            _downloads.Release();
        }
    }

    private OciDescriptor SelectPlatform(OciIndex index, Platform wanted)
    {
        var images = index.Manifests.Where(m => m.MediaType is OciMediaTypes.ImageManifest or OciMediaTypes.DockerManifest or OciMediaTypes.ImageIndex or OciMediaTypes.DockerManifestList).ToList();
        foreach (var entry in images)
        {
            if (entry.Platform is { } offered && wanted.Accepts(offered))
            {
                return entry;
            }
        }

        // An index of one entry without a platform (as an OCI layout's index.json often is) means that entry.
        if (images.Count == 1 && images[0].Platform is null)
        {
            return images[0];
        }

        var present = images.Select(m => m.Platform).OfType<Platform>().Where(p => p.Os != "unknown").Distinct().ToList();
        throw new PlatformNotFoundException(Description, wanted, present);
    }

    private async Task<OciImageConfig> ReadConfigAsync(OciDescriptor descriptor, CancellationToken ct)
    {
        if (descriptor.MediaType is not (OciMediaTypes.ImageConfig or OciMediaTypes.DockerConfig))
        {
            throw new NotSupportedException($"{Description} is not a container image: its config {descriptor.Digest} has media type '{Fetch.Digest.Printable(descriptor.MediaType)}'.");
        }

        if (descriptor.Size > MaxConfigSize)
        {
            throw new InvalidDataException($"The config {descriptor.Digest} of {Description} declares {descriptor.Size} bytes, over the {MaxConfigSize}-byte limit.");
        }

        var path = await FetchBlobAsync(descriptor, null, ct).ConfigureAwait(false);
        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, OciJsonContext.Default.OciImageConfig)
                ?? throw new InvalidDataException($"The config {descriptor.Digest} of {Description} is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The config {descriptor.Digest} of {Description} is not valid JSON: {e.Message}", e);
        }
    }

    private void CheckLayers(OciManifest manifest, OciImageConfig config, Digest manifestDigest)
    {
        foreach (var layer in manifest.Layers)
        {
            if (LayerDecompression.CompressionOf(layer.MediaType) is null)
            {
                throw new NotSupportedException($"Layer {layer.Digest} of {Description} has media type '{Fetch.Digest.Printable(layer.MediaType)}', which Flix cannot apply.");
            }
        }

        var diffIds = config.RootFs?.DiffIds;
        if (diffIds is null || diffIds.Count != manifest.Layers.Count)
        {
            throw new InvalidDataException($"The manifest {manifestDigest} of {Description} has {manifest.Layers.Count} layers but its config lists {diffIds?.Count ?? 0} diff_ids.");
        }

        foreach (var diffId in diffIds)
        {
            _ = Fetch.Digest.Parse(diffId);
        }
    }
}
