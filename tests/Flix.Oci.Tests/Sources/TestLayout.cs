using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Flix.Oci.Tests.Sources;

/// <summary>A minimal OCI image layout writer for tests: blobs, images, indexes and tags.</summary>
public sealed class TestLayout
{
    public TestLayout(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    public string Directory { get; }

    public List<JsonObject> IndexEntries { get; } = [];

    /// <summary>Writes a blob; returns its descriptor.</summary>
    public JsonObject AddBlob(byte[] content, string mediaType)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(Directory, "blobs", "sha256", hex), content);
        return new JsonObject { ["mediaType"] = mediaType, ["digest"] = "sha256:" + hex, ["size"] = content.Length };
    }

    /// <summary>Writes an image of the given layers (already compressed as their media types say).</summary>
    public JsonObject AddImage(string arch, IReadOnlyList<(byte[] Content, string MediaType, byte[] Tar)> layers, string? variant = null)
    {
        var diffIds = new JsonArray(layers.Select(l => (JsonNode)("sha256:" + Convert.ToHexStringLower(SHA256.HashData(l.Tar)))).ToArray());
        var config = new JsonObject
        {
            ["architecture"] = arch,
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Env"] = new JsonArray("PATH=/usr/bin"), ["Cmd"] = new JsonArray("/bin/sh") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        if (variant is not null)
        {
            config["variant"] = variant;
        }

        var configDescriptor = AddBlob(Encoding.UTF8.GetBytes(config.ToJsonString()), OciMediaTypes.ImageConfig);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["config"] = configDescriptor,
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)AddBlob(l.Content, l.MediaType)).ToArray()),
        };
        var descriptor = AddBlob(Encoding.UTF8.GetBytes(manifest.ToJsonString()), OciMediaTypes.ImageManifest);
        descriptor["platform"] = variant is null
            ? new JsonObject { ["architecture"] = arch, ["os"] = "linux" }
            : new JsonObject { ["architecture"] = arch, ["os"] = "linux", ["variant"] = variant };
        return descriptor;
    }

    public JsonObject AddIndex(params JsonObject[] manifests)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = new JsonArray(manifests.Select(m => (JsonNode)m.DeepClone()).ToArray()),
        };
        return AddBlob(Encoding.UTF8.GetBytes(index.ToJsonString()), OciMediaTypes.ImageIndex);
    }

    /// <summary>Names <paramref name="descriptor"/> in index.json with <paramref name="tag"/> and rewrites index.json.</summary>
    public void Tag(JsonObject descriptor, string tag)
    {
        var entry = (JsonObject)descriptor.DeepClone();
        entry.Remove("platform");
        entry["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag };
        IndexEntries.Add(entry);
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageIndex,
            ["manifests"] = new JsonArray(IndexEntries.Select(m => (JsonNode)m.DeepClone()).ToArray()),
        };
        File.WriteAllText(Path.Combine(Directory, "index.json"), index.ToJsonString());
    }

    /// <summary>A tar of one file <paramref name="name"/> holding <paramref name="content"/>.</summary>
    public static byte[] Tar(string name, string content)
    {
        using var memory = new MemoryStream();
        using (var writer = new TarWriter(memory, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            writer.WriteEntry(entry);
        }

        return memory.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return memory.ToArray();
    }

    /// <summary>Compresses with the zstd tool.</summary>
    public static byte[] Zstd(byte[] content)
    {
        var start = new ProcessStartInfo("zstd", ["-q", "-c"]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("zstd did not start; install the zstd package.");
        var output = new MemoryStream();
        var reader = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(content);
        process.StandardInput.Close();
        reader.GetAwaiter().GetResult();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "zstd failed; install the zstd package.");
        return output.ToArray();
    }

    /// <summary>A one-layer gzip image of one file, with its tar.</summary>
    public static (byte[] Content, string MediaType, byte[] Tar) GzipLayer(string name, string content)
    {
        var tar = Tar(name, content);
        return (Gzip(tar), OciMediaTypes.LayerGzip, tar);
    }
}
