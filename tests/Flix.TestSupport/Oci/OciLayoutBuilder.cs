using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using Flix.Oci;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Oci;

/// <summary>
/// Builds an OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/…</c>) from
/// <see cref="ImageSpec"/>s. Every image or index added is listed in <c>index.json</c>, with an
/// <c>org.opencontainers.image.ref.name</c> annotation when tagged; <c>index.json</c> is rewritten after each
/// addition, so the layout is complete at every step. Output is deterministic for the same input.
/// With <c>dockerMediaTypes</c>, manifests, lists, configs and layers use Docker's schema 2 media types.
/// </summary>
public sealed partial class OciLayoutBuilder
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private readonly List<JsonObject> _indexEntries = [];

    public OciLayoutBuilder(string directory, bool dockerMediaTypes = false)
    {
        Directory = Path.GetFullPath(directory);
        DockerMediaTypes = dockerMediaTypes;
        System.IO.Directory.CreateDirectory(BlobDirectory);
        File.WriteAllText(Path.Combine(Directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        WriteIndexJson();
    }

    public string Directory { get; }

    public bool DockerMediaTypes { get; }

    public string BlobDirectory => Path.Combine(Directory, "blobs", "sha256");

    /// <summary>The path of a stored blob.</summary>
    public string BlobPath(string digest) => Path.Combine(BlobDirectory, digest["sha256:".Length..]);

    /// <summary>Stores <paramref name="content"/> as a blob.</summary>
    public async Task<BlobDescriptor> AddBlobAsync(byte[] content, string mediaType, CancellationToken ct = default)
    {
        string hex = Convert.ToHexStringLower(SHA256.HashData(content));
        string path = Path.Combine(BlobDirectory, hex);
        if (!File.Exists(path))
        {
            string temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, path, overwrite: true);
        }

        return new BlobDescriptor(mediaType, "sha256:" + hex, content.Length);
    }

    /// <summary>Stores one image (layers, config, manifest) and lists its manifest in index.json.</summary>
    public async Task<BuiltImage> AddImageAsync(ImageSpec image, string? tag = null, CancellationToken ct = default)
    {
        var built = await StoreImageAsync(image, ct);
        AddIndexEntry(built.Manifest, null, tag);
        return built;
    }

    /// <summary>Stores several images and an index (a Docker manifest list in Docker mode) naming each with its platform.</summary>
    public async Task<BuiltIndex> AddIndexAsync(IEnumerable<ImageSpec> images, string? tag = null, Action<JsonObject>? editIndex = null, CancellationToken ct = default)
    {
        var built = new List<BuiltImage>();
        var manifests = new JsonArray();
        foreach (var image in images)
        {
            var stored = await StoreImageAsync(image, ct);
            built.Add(stored);
            manifests.Add(DescriptorJson(stored.Manifest, stored.Platform));
        }

        string mediaType = DockerMediaTypes ? OciMediaTypes.DockerManifestList : OciMediaTypes.ImageIndex;
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = manifests,
        };
        editIndex?.Invoke(index);
        var blob = await AddBlobAsync(Serialize(index), mediaType, ct);
        AddIndexEntry(blob, null, tag);
        return new BuiltIndex(blob, built);
    }

    /// <summary>Lists an already stored manifest or index in index.json under <paramref name="tag"/>.</summary>
    public void Tag(BlobDescriptor manifestOrIndex, string tag, ImagePlatform? platform = null) => AddIndexEntry(manifestOrIndex, platform, tag);

    private void AddIndexEntry(BlobDescriptor descriptor, ImagePlatform? platform, string? tag)
    {
        var entry = DescriptorJson(descriptor, platform);
        if (tag is not null)
        {
            _indexEntries.RemoveAll(e => e["annotations"]?[RefNameAnnotation]?.GetValue<string>() == tag);
            entry["annotations"] = new JsonObject { [RefNameAnnotation] = tag };
        }

        _indexEntries.Add(entry);
        WriteIndexJson();
    }

    private void WriteIndexJson()
    {
        var manifests = new JsonArray();
        foreach (var entry in _indexEntries)
        {
            manifests.Add(entry.DeepClone());
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = manifests,
        };
        File.WriteAllBytes(Path.Combine(Directory, "index.json"), Serialize(index));
    }

    private async Task<BuiltImage> StoreImageAsync(ImageSpec image, CancellationToken ct)
    {
        var layers = new List<BuiltLayer>();
        foreach (var layer in image.Layers)
        {
            layers.Add(await StoreLayerAsync(layer, ct));
        }

        var config = ConfigJson(image, layers.Select(l => l.DiffId));
        image.EditConfig?.Invoke(config);
        var configBlob = await AddBlobAsync(Serialize(config), DockerMediaTypes ? OciMediaTypes.DockerConfig : OciMediaTypes.ImageConfig, ct);

        string manifestType = DockerMediaTypes ? OciMediaTypes.DockerManifest : OciMediaTypes.ImageManifest;
        var layerArray = new JsonArray();
        foreach (var layer in layers)
        {
            layerArray.Add(DescriptorJson(layer.Blob, null));
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = manifestType,
            ["config"] = DescriptorJson(configBlob, null),
            ["layers"] = layerArray,
        };
        image.EditManifest?.Invoke(manifest);
        var manifestBlob = await AddBlobAsync(Serialize(manifest), manifestType, ct);
        return new BuiltImage(manifestBlob, configBlob, layers, image.Platform);
    }

    /// <summary>Writes the tar, hashes it (diff_id), compresses it while hashing, and publishes the blob by rename.</summary>
    private async Task<BuiltLayer> StoreLayerAsync(LayerSource layer, CancellationToken ct)
    {
        string scratch = Path.Combine(Directory, ".tmp-" + Guid.NewGuid().ToString("N"));
        string tarFile = await layer.WriteTarAsync(scratch + ".tar", ct);
        try
        {
            string diffId = "sha256:" + await HashFileAsync(tarFile, ct);
            string blobFile;
            switch (layer.Compression)
            {
                case LayerCompression.None:
                    blobFile = scratch + ".blob";
                    File.Copy(tarFile, blobFile);
                    break;
                case LayerCompression.Gzip:
                    blobFile = scratch + ".gz";
                    await using (var input = File.OpenRead(tarFile))
                    await using (var output = File.Create(blobFile))
                    await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
                    {
                        await input.CopyToAsync(gzip, ct);
                    }

                    break;
                case LayerCompression.Zstd:
                    if (DockerMediaTypes)
                    {
                        throw new NotSupportedException("Docker's schema 2 has no media type for zstd layers; use an OCI layout.");
                    }

                    blobFile = scratch + ".zst";
                    await ProcessRunner.RunCheckedAsync("zstd", ["-q", "-3", "-f", "--no-progress", "-o", blobFile, tarFile], ct);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(layer), layer.Compression, "Unknown layer compression.");
            }

            string hex = await HashFileAsync(blobFile, ct);
            long size = new FileInfo(blobFile).Length;
            File.Move(blobFile, Path.Combine(BlobDirectory, hex), overwrite: true);
            return new BuiltLayer(new BlobDescriptor(LayerMediaType(layer.Compression), "sha256:" + hex, size), diffId);
        }
        finally
        {
            File.Delete(scratch + ".tar");
        }
    }

    private string LayerMediaType(LayerCompression compression) => (compression, DockerMediaTypes) switch
    {
        (LayerCompression.None, false) => OciMediaTypes.Layer,
        (LayerCompression.Gzip, false) => OciMediaTypes.LayerGzip,
        (LayerCompression.Zstd, false) => OciMediaTypes.LayerZstd,
        (LayerCompression.None, true) => "application/vnd.docker.image.rootfs.diff.tar",
        _ => OciMediaTypes.DockerLayerGzip,
    };

    public static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    public static byte[] Serialize(JsonNode node) =>
        JsonSerializer.SerializeToUtf8Bytes(node, SerializerOptions);

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
