using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// Writes a <c>docker save</c>-style tar of one <see cref="ImageSpec"/>: <c>manifest.json</c> (Config, RepoTags,
/// Layers) and <c>repositories</c>, with uncompressed layers either in legacy <c>ID/layer.tar</c> folders
/// (with <c>VERSION</c> and <c>json</c>) or, as Docker 25 and later do, as <c>blobs/sha256/…</c> of an OCI
/// layout stored beside <c>manifest.json</c>. Layer compression in the spec is ignored: archives hold tars.
/// </summary>
public static class DockerArchiveBuilder
{
    /// <summary>Writes the archive to <paramref name="archiveFile"/>; <paramref name="editManifest"/> may tamper with manifest.json (e.g. <c>../</c> paths).</summary>
    public static async Task WriteAsync(
        string archiveFile,
        ImageSpec image,
        IReadOnlyList<string> repoTags,
        bool ociLayout = false,
        Action<JsonArray>? editManifest = null,
        CancellationToken ct = default)
    {
        using var scratch = new TempDirectory("flix-docker-archive-");
        var plain = new ImageSpec
        {
            Platform = image.Platform,
            Created = image.Created,
            Env = image.Env,
            Cmd = image.Cmd,
            EditConfig = image.EditConfig,
            EditManifest = image.EditManifest,
            Layers = image.Layers.Select(l => l.WithCompression(LayerCompression.None)).ToList(),
        };
        var layout = new OciLayoutBuilder(scratch.Combine("layout"));
        var built = await layout.AddImageAsync(plain, repoTags.Count > 0 ? repoTags[0] : null, ct);

        var entries = new List<LayerEntry>();
        var layerPaths = new List<string>();
        string configPath;
        string? parent = null;
        string topId = string.Empty;
        if (ociLayout)
        {
            entries.Add(LayerEntry.Directory("blobs"));
            entries.Add(LayerEntry.Directory("blobs/sha256"));
            foreach (var file in Directory.GetFiles(layout.BlobDirectory).Order(StringComparer.Ordinal))
            {
                entries.Add(LayerEntry.File("blobs/sha256/" + Path.GetFileName(file), await File.ReadAllBytesAsync(file, ct)));
            }

            entries.Add(LayerEntry.File("oci-layout", await File.ReadAllBytesAsync(Path.Combine(layout.Directory, "oci-layout"), ct)));
            entries.Add(LayerEntry.File("index.json", await File.ReadAllBytesAsync(Path.Combine(layout.Directory, "index.json"), ct)));
            configPath = "blobs/sha256/" + built.Config.Hex;
            layerPaths.AddRange(built.Layers.Select(l => "blobs/sha256/" + l.Blob.Hex));
            topId = built.Layers.Count > 0 ? built.Layers[^1].Blob.Hex : string.Empty;
        }
        else
        {
            configPath = built.Config.Hex + ".json";
            entries.Add(LayerEntry.File(configPath, await File.ReadAllBytesAsync(layout.BlobPath(built.Config.Digest), ct)));
            foreach (var layer in built.Layers)
            {
                // A legacy layer id chains the diff_id with the parent's id, so that equal layers on other parents differ.
                string id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(layer.DiffId + " " + parent)));
                var legacy = new JsonObject { ["id"] = id, ["created"] = "1970-01-01T00:00:00Z" };
                if (parent is not null)
                {
                    legacy["parent"] = parent;
                }

                entries.Add(LayerEntry.Directory(id));
                entries.Add(LayerEntry.File(id + "/VERSION", "1.0"));
                entries.Add(LayerEntry.File(id + "/json", OciLayoutBuilder.Serialize(legacy)));
                entries.Add(LayerEntry.File(id + "/layer.tar", await File.ReadAllBytesAsync(layout.BlobPath(layer.Blob.Digest), ct)));
                layerPaths.Add(id + "/layer.tar");
                parent = id;
                topId = id;
            }
        }

        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configPath,
            ["RepoTags"] = new JsonArray([.. repoTags.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["Layers"] = new JsonArray([.. layerPaths.Select(p => (JsonNode)JsonValue.Create(p))]),
        });
        editManifest?.Invoke(manifest);
        entries.Add(LayerEntry.File("manifest.json", OciLayoutBuilder.Serialize(manifest)));

        var repositories = new JsonObject();
        foreach (var repoTag in repoTags)
        {
            int colon = repoTag.LastIndexOf(':');
            string repository = repoTag[..colon];
            if (repositories[repository] is not JsonObject tags)
            {
                tags = new JsonObject();
                repositories[repository] = tags;
            }

            tags[repoTag[(colon + 1)..]] = topId;
        }

        entries.Add(LayerEntry.File("repositories", OciLayoutBuilder.Serialize(repositories)));
        await using var output = File.Create(archiveFile);
        LayerTarWriter.Write(entries, output);
    }
}
