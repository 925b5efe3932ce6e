using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;
using Flix.TestSupport;

namespace Flix.Oci.Tests.Fixtures;

[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class DebianImageTests
{
    [Fact]
    public async Task The_trixie_image_has_bash_and_a_trixie_os_release()
    {
        var image = await DebianImage.TrixieAsync();

        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(image.LayoutDirectory, "index.json")));
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal("trixie", entry.GetProperty("annotations").GetProperty(OciLayoutBuilder.RefNameAnnotation).GetString());
        string manifestPath = BlobPath(image, entry.GetProperty("digest").GetString()!);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(manifestPath));
        var layer = Assert.Single(manifest.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal(OciMediaTypes.LayerGzip, layer.GetProperty("mediaType").GetString());
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(BlobPath(image, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!)));
        Assert.Equal(
            "sha256:" + await OciLayoutBuilder.HashFileAsync(image.RootfsTar, default),
            config.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString());

        // Read the layer as a puller would: gunzip, then tar.
        string? bashType = null;
        string? osReleaseLink = null;
        string? osRelease = null;
        await using (var blob = File.OpenRead(BlobPath(image, layer.GetProperty("digest").GetString()!)))
        await using (var gzip = new GZipStream(blob, CompressionMode.Decompress))
        {
            using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync() is { } tarEntry)
            {
                switch (tarEntry.Name.TrimStart('.', '/'))
                {
                    case "usr/bin/bash":
                        bashType = tarEntry.EntryType.ToString();
                        break;
                    case "etc/os-release":
                        osReleaseLink = tarEntry.LinkName;
                        break;
                    case "usr/lib/os-release":
                        using (var text = new StreamReader(tarEntry.DataStream!, Encoding.UTF8))
                        {
                            osRelease = await text.ReadToEndAsync();
                        }

                        break;
                }
            }
        }

        Assert.Equal(nameof(TarEntryType.RegularFile), bashType);
        Assert.Equal("../usr/lib/os-release", osReleaseLink);
        Assert.NotNull(osRelease);
        Assert.Contains("VERSION_CODENAME=trixie", osRelease.Split('\n'));
    }

    [Fact]
    public async Task Umoci_and_GNU_tar_unpack_the_trixie_image_to_the_same_tree()
    {
        HostTools.RequireRoot("umoci and tar apply the image's owners and device nodes");
        var image = await DebianImage.TrixieAsync();
        using var scratch = new TempDirectory();
        string rootfs = await UmociOracle.UnpackAsync(image.LayoutDirectory, image.Tag, scratch.Combine("bundle"));
        string expected = scratch.Combine("tar");
        Directory.CreateDirectory(expected);
        await ProcessRunner.RunCheckedAsync("tar", ["--extract", "--file", image.RootfsTar, "--directory", expected,
            "--same-owner", "--preserve-permissions", "--numeric-owner", "--xattrs", "--xattrs-include=*"]);

        var differences = await RootfsComparer.CompareAsync(expected, rootfs);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
        var listing = await TreeSnapshot.TakeAsync(rootfs);
        Assert.True(listing.Entries.Count > 3000, $"Only {listing.Entries.Count} entries in the trixie rootfs.");
        Assert.Equal('l', listing.Entries["bin"].Type);
    }

    private static string BlobPath(DebianImageLayout image, string digest) =>
        Path.Combine(image.LayoutDirectory, "blobs", "sha256", digest["sha256:".Length..]);
}
