using System.Formats.Tar;
using System.Text.Json;
using Flix.Fetch;
using Flix.Fetch.Cache;
using Flix.Oci.Layers;
using Flix.Oci.Manifests;

namespace Flix.Oci.Sources;

/// <summary>
/// An image in a <c>docker save</c> tar: the legacy layout (<c>ID/layer.tar</c>, <c>HEX.json</c>) or the OCI layout
/// newer Docker writes beside its <c>manifest.json</c>. Both are read through <c>manifest.json</c>; each named file is
/// hashed into the blob store, and a manifest is made for them, with layer compression told by magic bytes.
/// </summary>
public sealed class DockerArchiveSource : ImageSourceBase
{
    private const string ManifestName = "manifest.json";

    private readonly Dictionary<Digest, string> _entryOfBlob = [];

    private readonly string? _description;

    public DockerArchiveSource(string path, ImageSourceOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArchivePath = Path.GetFullPath(path);
    }

    /// <summary>An archive that stands for another source (an engine's export), named by <paramref name="description"/> in messages.</summary>
    internal DockerArchiveSource(string path, ImageSourceOptions options, string description)
        : this(path, options)
    {
        _description = description;
    }

    public string ArchivePath { get; }

    public override string Description => _description ?? $"docker-archive:{ArchivePath}";

    protected override async Task<(byte[] Content, string? MediaType, Digest? Expected)> FetchRootAsync(CancellationToken ct)
    {
        var entry = await ReadManifestJsonAsync(ct).ConfigureAwait(false);
        var wanted = new Dictionary<string, OciDescriptor?>(StringComparer.Ordinal) { [Normalize(entry.Config)] = null };
        foreach (var layer in entry.Layers)
        {
            wanted[Normalize(layer)] = null;
        }

        await ImportAsync(wanted, ct).ConfigureAwait(false);
        var missing = wanted.Where(p => p.Value is null).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{Description} lacks {string.Join(", ", missing)}, named in its manifest.json.");
        }

        var config = wanted[Normalize(entry.Config)]! with { MediaType = OciMediaTypes.ImageConfig };
        var manifest = new OciManifest
        {
            SchemaVersion = 2,
            MediaType = OciMediaTypes.ImageManifest,
            Config = config,
            Layers = entry.Layers.Select(l => wanted[Normalize(l)]!).ToList(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciManifest);
        return (bytes, OciMediaTypes.ImageManifest, null);
    }

    protected override Task<byte[]> FetchManifestAsync(OciDescriptor descriptor, CancellationToken ct) =>
        throw new InvalidDataException($"{Description} holds a single image manifest, not an index.");

    protected override async Task WriteBlobAsync(OciDescriptor blob, Digest digest, string temporaryPath, IProgress<long>? progress, CancellationToken ct)
    {
        if (!_entryOfBlob.TryGetValue(digest, out var name))
        {
            throw new FileNotFoundException($"{Description} holds no blob {digest}.");
        }

        var found = false;
        await ForEachFileAsync(async (entryName, data) =>
        {
            if (found || entryName != name)
            {
                return;
            }

            found = true;
            var destination = new FileStream(temporaryPath, FileMode.Truncate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (destination.ConfigureAwait(false))
            {
                var expected = blob.Expected(Description);
                using var hash = expected.CreateHash();
                var written = await VerifyingCopy.CopyAsync(data, destination, hash, 0, expected, progress, ct).ConfigureAwait(false);
                VerifyingCopy.Check(hash, written, expected);
            }
        }, ct).ConfigureAwait(false);
        if (!found)
        {
            throw new FileNotFoundException($"{Description} no longer holds {name}.");
        }
    }

    private async Task<DockerArchiveEntry> ReadManifestJsonAsync(CancellationToken ct)
    {
        byte[]? bytes = null;
        await ForEachFileAsync(async (name, data) =>
        {
            if (name != ManifestName)
            {
                return;
            }

            if (data.Length > ManifestDocument.MaxSize)
            {
                throw new InvalidDataException($"The manifest.json of {Description} is over {ManifestDocument.MaxSize} bytes.");
            }

            bytes = new byte[data.Length];
            await data.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            throw new InvalidDataException($"{Description} is not a docker-archive: it has no manifest.json.");
        }

        DockerArchiveEntry[] entries;
        try
        {
            entries = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.DockerArchiveEntryArray)
                ?? throw new InvalidDataException($"The manifest.json of {Description} is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The manifest.json of {Description} is not valid: {e.Message}", e);
        }

        return entries.Length switch
        {
            1 => entries[0],
            0 => throw new InvalidDataException($"The manifest.json of {Description} lists no image."),
            _ => throw new NotSupportedException($"{Description} holds {entries.Length} images ({string.Join(", ", entries.SelectMany(e => e.RepoTags ?? []))}); Flix reads archives of one image."),
        };
    }

    private async Task ImportAsync(Dictionary<string, OciDescriptor?> wanted, CancellationToken ct)
    {
        await ForEachFileAsync(async (name, data) =>
        {
            if (!wanted.TryGetValue(name, out var known) || known is not null)
            {
                return;
            }

            var temporary = Cache.CreateTemporaryFile();
            try
            {
                var destination = new FileStream(temporary, FileMode.Truncate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
                Digest digest;
                long size;
                string mediaType;
                await using (destination.ConfigureAwait(false))
                {
                    using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                    var buffer = new byte[128 * 1024];
                    size = 0;
                    int read;
                    while ((read = await data.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                        hash.AppendData(buffer, 0, read);
                        size += read;
                    }

                    digest = Digest.FromHash(Digest.Sha256, hash.GetHashAndReset());
                    destination.Position = 0;
                    var head = new byte[4];
                    var got = await destination.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    mediaType = LayerDecompression.MediaTypeOf(head.AsSpan(0, got));
                }

                Cache.Publish(temporary, digest);
                _entryOfBlob[digest] = name;
                wanted[name] = new OciDescriptor { MediaType = mediaType, Digest = digest.ToString(), Size = size };
            }
            catch
            {
                BlobCache.TryDelete(temporary);
                throw;
            }
        }, ct).ConfigureAwait(false);
    }

    private async Task ForEachFileAsync(Func<string, Stream, Task> action, CancellationToken ct)
    {
        var stream = LocalFile.OpenRegular(ArchivePath);
        await using (stream.ConfigureAwait(false))
        {
            var reader = new TarReader(stream);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                    {
                        await action(Normalize(entry.Name), data).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private static string Normalize(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        return name;
    }
}
