using System.IO.Compression;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// A HashiCorp product on releases.hashicorp.com: PRODUCT/VERSION/PRODUCT_VERSION_linux_ARCH.zip (the program and
/// LICENSE.txt) and PRODUCT_VERSION_SHA256SUMS listing every platform's zip.
/// </summary>
public abstract class HashiCorpUpstream : UpstreamRelease
{
    public override IReadOnlyList<string> Programs => [Recipe];

    public override IReadOnlyList<string> Units => [$"{Recipe}.service", $"multi-user.target.d/10-{Recipe}.conf"];

    public override IReadOnlyList<string> OtherFiles => [$"usr/share/{Recipe}/etc/{Recipe}.d/{Recipe}.hcl", $"usr/lib/tmpfiles.d/{Recipe}.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://releases.hashicorp.com/{Recipe}/{Version}/";
        var zips = new List<string>();
        foreach (var platform in new[] { "darwin_arm64", "linux_amd64", "linux_arm64" })
        {
            var url = $"{release}{Recipe}_{Version}_{platform}.zip";
            files.Put(url, Zip(ReleaseFiles.StandIn(Recipe, $"{Version} {platform}")));
            zips.Add(url);
        }

        files.PutSumsList($"{release}{Recipe}_{Version}_SHA256SUMS", [.. zips]);
    }

    private byte[] Zip(string program)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, Recipe, program, 0x1ED);
            Add(zip, "LICENSE.txt", "Business Source License 1.1\n", 0x1A4);
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content, int mode)
    {
        var entry = zip.CreateEntry(name);
        entry.ExternalAttributes = (0x8000 | mode) << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(content);
    }
}
