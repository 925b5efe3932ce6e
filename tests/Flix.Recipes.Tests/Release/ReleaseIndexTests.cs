using System.Security.Cryptography;
using System.Text.Json;
using Flix.Sysext;

namespace Flix.Recipes.Tests.Release;

/// <summary>
/// <c>flix bake --release-index DIR</c>: the metadata of each DIR/NAME/ is regenerated from the images there, so a
/// failed build (a broken image, a missing one) leaves no line in SHA256SUMS and no transfer nobody needs.
/// </summary>
public sealed class ReleaseIndexTests : IDisposable
{
    private const string Url = "https://extensions.example.com/";
    private readonly ReleaseFixture _fixture = new();

    private string Release => Path.Combine(_fixture.Work, "release");

    private string Folder => Path.Combine(Release, "kubetool");

    private async Task BakeAsync(string version)
    {
        var (code, stdout, stderr) = await _fixture.FlixAsync("bake", "kubetool", version, "--arch", "x86-64", "--output", Folder);
        Assert.True(code == 0, stderr + stdout);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<JsonDocument> IndexAsync()
    {
        var (code, stdout, stderr) = await _fixture.FlixAsync("bake", "--release-index", Release, "--sysupdate-url", Url, "--json");
        Assert.True(code == 0, stderr + stdout);
        return JsonDocument.Parse(stdout);
    }

    [Fact]
    public async Task A_release_folder_that_is_a_file_is_named()
    {
        string file = Path.Combine(_fixture.Work, "release.tar");
        await File.WriteAllTextAsync(file, "x");

        var (code, _, stderr) = await _fixture.FlixAsync("bake", "--release-index", file);

        Assert.Equal(1, code);
        Assert.Contains($"flix: error: '{file}' is not a folder; the release index is made from a folder of published images.", stderr);
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task The_index_lists_the_good_images_and_leaves_out_a_failed_one()
    {
        await _fixture.WriteAsync();
        await BakeAsync("v1.32.1");
        await BakeAsync("v1.33.0");
        // A build that died half-way: garbage under an image's name; and a transfer of a minor no longer published.
        await File.WriteAllBytesAsync(Path.Combine(Folder, "kubetool-v1.34.0-x86-64.raw"), new byte[4096]);
        await File.WriteAllTextAsync(Path.Combine(Folder, "kubetool-v1.31.conf"), "stale");
        await File.WriteAllTextAsync(Path.Combine(Folder, "unrelated.conf"), "not ours");

        using var index = await IndexAsync();

        var sums = Sha256SumsFile.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "SHA256SUMS")), "SHA256SUMS");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kubetool-v1.32.1-x86-64.raw"] = Sha256(Path.Combine(Folder, "kubetool-v1.32.1-x86-64.raw")),
                ["kubetool-v1.33.0-x86-64.raw"] = Sha256(Path.Combine(Folder, "kubetool-v1.33.0-x86-64.raw")),
            },
            sums.Entries);
        Assert.Equal(
            ["SHA256SUMS", "kubetool-v1.32.1-x86-64.raw", "kubetool-v1.32.conf", "kubetool-v1.33.0-x86-64.raw", "kubetool-v1.33.conf", "kubetool-v1.34.0-x86-64.raw", "kubetool.conf", "unrelated.conf"],
            Directory.EnumerateFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"\nPath={Url}kubetool/\n", await File.ReadAllTextAsync(Path.Combine(Folder, "kubetool.conf")));
        Assert.Contains("\nMatchPattern=kubetool-v1.33.@v-%a.raw\n", await File.ReadAllTextAsync(Path.Combine(Folder, "kubetool-v1.33.conf")));
        Assert.True(File.Exists(Path.Combine(Release, "noop.conf")));
        var extension = index.RootElement.GetProperty("extensions").EnumerateArray().Single();
        Assert.Equal(["kubetool-v1.31.conf"], extension.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        var skipped = index.RootElement.GetProperty("skipped").EnumerateArray().Single();
        Assert.EndsWith("kubetool-v1.34.0-x86-64.raw", skipped.GetProperty("path").GetString());
        Assert.Contains("not a readable extension image", skipped.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_missing_image_takes_its_line_and_its_minor_transfer_with_it()
    {
        await _fixture.WriteAsync();
        await BakeAsync("v1.32.1");
        await BakeAsync("v1.33.0");
        (await IndexAsync()).Dispose();

        File.Delete(Path.Combine(Folder, "kubetool-v1.33.0-x86-64.raw"));
        using var index = await IndexAsync();

        var sums = Sha256SumsFile.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "SHA256SUMS")), "SHA256SUMS");
        Assert.Equal(["kubetool-v1.32.1-x86-64.raw"], sums.Entries.Keys);
        Assert.False(File.Exists(Path.Combine(Folder, "kubetool-v1.33.conf")));
        Assert.True(File.Exists(Path.Combine(Folder, "kubetool-v1.32.conf")));
        Assert.Equal(["kubetool-v1.33.conf"], index.RootElement.GetProperty("extensions")[0].GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_image_of_another_extension_is_left_out()
    {
        await _fixture.WriteAsync();
        await BakeAsync("v1.32.1");
        // The image of kubetool copied into the folder of kubetool-extra: named right, but it holds extension-release.kubetool.
        string other = Directory.CreateDirectory(Path.Combine(Release, "kubetool-extra")).FullName;
        File.Copy(Path.Combine(Folder, "kubetool-v1.32.1-x86-64.raw"), Path.Combine(other, "kubetool-extra-v1.32.1-x86-64.raw"));

        using var index = await IndexAsync();

        Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(other, "SHA256SUMS")));
        Assert.Contains("extension-release.kubetool-extra", index.RootElement.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    public void Dispose() => _fixture.Dispose();
}
