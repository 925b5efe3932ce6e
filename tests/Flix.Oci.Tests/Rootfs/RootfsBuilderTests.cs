using Flix.Core.Tree;
using Flix.Oci.Registry;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;
using Flix.TestSupport;

namespace Flix.Oci.Tests.Rootfs;

/// <summary>Whole pulls into a rootfs, judged against a hand-built tree and against skopeo copy + umoci unpack.</summary>
public sealed class RootfsBuilderTests
{
    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public async Task Sample_image_from_a_registry_unpacks_as_the_expected_tree(LayerCompression compression)
    {
        HostTools.RequireRoot("the expected tree holds devices and files owned by other users");
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(SampleLayers.Image(compression), "v1");
        await using var registry = await LocalRegistry.StartAsync();
        await registry.PushAsync(builder.Directory, "flix/sample:v1");

        var result = await RootfsBuilder.BuildAsync($"{registry.Host}/flix/sample:v1", scratch.Combine("rootfs"), Options(scratch));

        string expected = scratch.Combine("expected");
        await SampleLayers.WriteExpectedTreeAsync(expected);
        var differences = await RootfsComparer.CompareAsync(expected, result.Directory);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
        Assert.Equal(3, result.Layers.Count);
        Assert.Equal(scratch.Combine("rootfs"), result.Directory);
        AssertModelMatchesDisk(result);
    }

    [Fact]
    [Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
    public async Task Debian_trixie_from_a_registry_equals_what_skopeo_and_umoci_unpack()
    {
        HostTools.RequireRoot("umoci unpack and the rootfs need real owners and devices");
        var trixie = await DebianImage.TrixieAsync();
        using var scratch = new TempDirectory();
        await using var registry = await LocalRegistry.StartAsync();
        await registry.PushAsync(trixie.LayoutDirectory, "debian:trixie", layoutTag: trixie.Tag);

        var result = await RootfsBuilder.BuildAsync($"{registry.Host}/debian:trixie", scratch.Combine("rootfs"), Options(scratch));

        string pulled = scratch.Combine("pulled");
        await registry.PullToLayoutAsync("debian:trixie", pulled, "trixie");
        string umoci = await UmociOracle.UnpackAsync(pulled, "trixie", scratch.Combine("bundle"));
        var differences = await RootfsComparer.CompareAsync(umoci, result.Directory);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
        Assert.Contains("VERSION_CODENAME=trixie", await File.ReadAllTextAsync(Path.Combine(result.Directory, "usr/lib/os-release")));
        AssertModelMatchesDisk(result);
    }

    [Fact]
    public async Task A_missing_image_leaves_no_directory_behind()
    {
        using var scratch = new TempDirectory();
        await using var registry = await LocalRegistry.StartAsync();
        string target = scratch.Combine("rootfs");

        await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => RootfsBuilder.BuildAsync($"{registry.Host}/flix/none:v1", target, Options(scratch)));

        Assert.All(Directory.EnumerateFileSystemEntries(scratch.Path), p => Assert.Equal("cache", Path.GetFileName(p)));
    }

    [Fact]
    public async Task A_hostile_layer_fails_the_pull_and_leaves_nothing_half_made()
    {
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("ok", "fine"), LayerEntry.File("../escape", "bad")])), "v1");
        string target = scratch.Combine("rootfs");

        var error = await Assert.ThrowsAsync<Flix.Oci.Layers.LayerFormatException>(
            () => RootfsBuilder.BuildAsync($"oci:{builder.Directory}:v1", target, Options(scratch)));

        Assert.Contains("../escape", error.Message);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(scratch.Combine("escape")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(scratch.Path), p => Path.GetFileName(p).StartsWith(".rootfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_that_is_not_empty_is_refused_before_anything_is_fetched()
    {
        using var scratch = new TempDirectory();
        string target = Directory.CreateDirectory(scratch.Combine("rootfs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "mine"), "keep");

        var error = await Assert.ThrowsAsync<Flix.Core.FlixException>(
            () => RootfsBuilder.BuildAsync("oci:/nonexistent/layout:v1", target, Options(scratch)));

        Assert.Contains("not empty", error.Message);
        Assert.Equal("keep", await File.ReadAllTextAsync(Path.Combine(target, "mine")));
    }

    [Fact]
    public async Task A_target_under_a_file_is_refused_naming_the_file()
    {
        using var scratch = new TempDirectory();
        string file = scratch.Combine("file");
        await File.WriteAllTextAsync(file, "keep");
        string target = Path.Combine(file, "rootfs");

        var error = await Assert.ThrowsAsync<Flix.Core.FlixException>(
            () => RootfsBuilder.BuildAsync("oci:/nonexistent/layout:v1", target, Options(scratch)));

        Assert.Equal($"Cannot make '{target}': '{file}' is not a folder.", error.Message);
        Assert.Equal("keep", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_target_in_a_folder_that_takes_no_new_entry_is_refused_before_anything_is_fetched()
    {
        using var scratch = new TempDirectory();

        // sysfs refuses new entries, to root as well; the image would fail to open only later.
        var error = await Assert.ThrowsAsync<Flix.Core.FlixException>(
            () => RootfsBuilder.BuildAsync("oci:/nonexistent/layout:v1", "/sys/flix-rootfs", Options(scratch)));

        Assert.Matches(@"^Cannot make '/sys/flix-rootfs': '/sys': [A-Z][a-z ]+\.$", error.Message);
    }

    private static RootfsOptions Options(TempDirectory scratch) =>
        new() { Source = new ImageSourceOptions { CacheDirectory = scratch.Combine("cache") } };

    /// <summary>
    /// Every regular file of the model points at a file of the published root with the model's size (hard-linked
    /// names share one node, whose content is the first name's).
    /// </summary>
    private static void AssertModelMatchesDisk(RootfsResult result)
    {
        int files = 0;
        foreach (var (path, node) in result.Model.Walk())
        {
            if (node.Content is DiskFileContent disk)
            {
                files++;
                Assert.StartsWith(result.Directory + "/", disk.Path, StringComparison.Ordinal);
                Assert.Equal(new FileInfo(disk.Path).Length, disk.Length);
                Assert.Equal(new FileInfo(Path.Combine(result.Directory, path)).Length, disk.Length);
            }
        }

        Assert.True(files > 0, "the model holds no files");
    }
}
