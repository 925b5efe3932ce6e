using Flix.Core.Tree;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Rootfs;
using Flix.Pipeline.Tests.Support;
using Flix.Sysext;
using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;
using Flix.TestSupport.Oci;

namespace Flix.Pipeline.Tests;

/// <summary>The whole job on a real folder or OCI layout, packed for real as a directory extension.</summary>
public sealed class ExtensionPipelineTests
{
    private const string ReleasePath = "usr/lib/extension-release.d/extension-release.fake";

    private static SysextPackOptions Pack(string output) => new()
    {
        Name = "fake",
        Architecture = ExtensionArchitecture.X86_64,
        OutputDirectory = output,
        Format = ImageFormat.Directory,
        KeepOwners = true,
    };

    private static async Task<string> MakeRootAsync(TempDirectory temp)
    {
        var tree = new FileTree();
        tree.Add("usr/bin/tool", SampleTrees.File("#!/bin/sh\necho tool\n", 0x1ED, 100));
        tree.Add("usr/share/tool/data", SampleTrees.File("data\n", 0x1A4, 100));
        tree.Add("lib", TreeNode.CreateSymlink("usr/lib"));
        string root = temp.Combine("root");
        await TreeMaterializer.MaterializeAsync(tree, root);
        return root;
    }

    private static ExtensionRequest Request(string image, IExtensionBuilder builder, string output, params IRootfsStep[] steps) => new()
    {
        Image = ImageSourceSpec.Parse(image),
        Builder = builder,
        Pack = Pack(output),
        Steps = steps,
        Rootfs = new RootfsOptions { Source = new ImageSourceOptions { NoCache = true } },
    };

    [Fact]
    public async Task A_dir_source_no_step_writes_to_is_read_in_place()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);
        var before = DirectorySnapshot.Take(root);
        var look = new LookStep();
        var builder = new FakeBuilder();

        var result = await ExtensionPipeline.RunAsync(Request("dir:" + root, builder, temp.Combine("out"), look));

        Assert.False(builder.Seen!.IsPrivateCopy);
        Assert.Equal(root, builder.Seen.Directory);
        Assert.Same(look.Seen!.Model, builder.Seen.Model);
        Assert.Equal("dir", result.Source.Kind);
        Assert.Null(result.Source.Digest);
        Assert.Equal(before, DirectorySnapshot.Take(root));
    }

    [Fact]
    public async Task A_step_that_writes_gets_a_copy_and_the_dir_source_stays_as_it_was()
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);
        var before = DirectorySnapshot.Take(root);
        var write = new WriteFileStep("usr/share/tool/installed", "new\n");
        var builder = new FakeBuilder();
        var folders = WorkFolders();

        await ExtensionPipeline.RunAsync(Request("dir:" + root, builder, temp.Combine("out"), write));

        Assert.True(write.Seen!.IsPrivateCopy);
        Assert.NotEqual(root, write.Seen.Directory);
        Assert.NotNull(builder.Seen!.Model.Find("usr/share/tool/installed"));
        Assert.Equal(before, DirectorySnapshot.Take(root));
        Assert.False(Directory.Exists(write.Seen.Directory), "the copy outlived the run");
        Assert.Equal(folders, WorkFolders());
    }

    [Fact]
    public async Task An_image_is_unpacked_into_a_folder_removed_afterwards_and_its_digest_and_platform_kept()
    {
        using var temp = new TempDirectory();
        var layout = new OciLayoutBuilder(temp.Combine("layout"));
        var image = await layout.AddImageAsync(
            ImageSpec.Of(LayerSource.FromEntries([LayerEntry.Directory("usr"), LayerEntry.File("usr/hello", "hi\n", mode: 0x1ED)])), "v1");
        var builder = new FakeBuilder();
        var reporter = new RecordingReporter();
        var folders = WorkFolders();

        var result = await ExtensionPipeline.RunAsync(Request($"oci:{layout.Directory}:v1", builder, temp.Combine("out")), reporter);

        Assert.True(builder.Seen!.IsPrivateCopy);
        Assert.Equal(EntryKind.RegularFile, builder.Seen.Model.Find("usr/hello")?.Kind);
        Assert.Equal("fake\n", await File.ReadAllTextAsync(Path.Combine(result.Pack.Path, "usr/share/fake/README")));
        Assert.Equal(image.Manifest.Digest, result.Source.Digest);
        Assert.Equal("linux/amd64", result.Source.Platform);
        Assert.Equal("oci", result.Source.Kind);
        Assert.Equal(1, reporter.LayersApplied);
        Assert.Equal(["Rootfs: " + $"oci:{layout.Directory}:v1", "Build: fake", "built", "Pack: fake"], reporter.Events);
        Assert.Equal(["a warning of the builder"], reporter.Built!.Warnings);
        Assert.False(Directory.Exists(builder.Seen.Directory), "the unpacked rootfs outlived the run");
        Assert.Equal(folders, WorkFolders());
    }

    [Fact]
    public async Task A_failing_builder_leaves_no_output_and_no_work_folder()
    {
        using var temp = new TempDirectory();
        var layout = new OciLayoutBuilder(temp.Combine("layout"));
        await layout.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("usr/hello", "hi\n")])), "v1");
        var builder = new FakeBuilder { Failure = new InvalidDataException("broken") };
        var folders = WorkFolders();

        await Assert.ThrowsAsync<InvalidDataException>(() => ExtensionPipeline.RunAsync(Request($"oci:{layout.Directory}:v1", builder, temp.Combine("out"))));

        Assert.False(Directory.Exists(builder.Seen!.Directory));
        Assert.False(Directory.Exists(temp.Combine("out")));
        Assert.Equal(folders, WorkFolders());
    }

    [Theory]
    // units imply EXTENSION_RELOAD_MANAGER=1
    [InlineData(true, "ARCHITECTURE=x86-64\nEXTENSION_RELOAD_MANAGER=1\n")]
    [InlineData(false, "ARCHITECTURE=x86-64\n")]
    public async Task Shipped_units_imply_reload(bool units, string release)
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var result = await ExtensionPipeline.RunAsync(Request("dir:" + root, new FakeBuilder { HasUnits = units }, temp.Combine("out")) with { Architecture = "x86-64" });

        Assert.Equal("ID=_any\n" + release, await File.ReadAllTextAsync(Path.Combine(result.Pack.Path, ReleasePath)));
        Assert.Equal(units, result.Options.ReloadManager);
    }

    [Theory]
    // --arch wins over what the programs say
    [InlineData("arm64", "x86-64", "arm64")]
    // a dir: source has no platform: the programs' machine says
    [InlineData(null, "arm64", "arm64")]
    // nothing says: this machine's
    [InlineData(null, null, null)]
    public async Task The_architecture_is_the_chosen_one_else_the_programs_else_this_machines(string? chosen, string? programs, string? expected)
    {
        using var temp = new TempDirectory();
        string root = await MakeRootAsync(temp);

        var result = await ExtensionPipeline.RunAsync(
            Request("dir:" + root, new FakeBuilder { Architecture = programs }, temp.Combine("out")) with { Architecture = chosen });

        Assert.Equal(expected ?? ExtensionArchitecture.Host, result.Architecture);
        Assert.Contains($"ARCHITECTURE={result.Architecture}\n", await File.ReadAllTextAsync(Path.Combine(result.Pack.Path, ReleasePath)));
    }

    [Fact]
    public async Task The_image_platform_comes_before_the_programs_machine()
    {
        using var temp = new TempDirectory();
        var layout = new OciLayoutBuilder(temp.Combine("layout"));
        await layout.AddImageAsync(ImageSpec.Of(LayerSource.FromEntries([LayerEntry.File("usr/hello", "hi\n")])), "v1");

        var result = await ExtensionPipeline.RunAsync(Request($"oci:{layout.Directory}:v1", new FakeBuilder { Architecture = "arm64" }, temp.Combine("out")));

        Assert.Equal("x86-64", result.Architecture);
    }

    /// <summary>The pipeline's temporary folders of the fake builder that exist now.</summary>
    private static HashSet<string> WorkFolders() => [.. Directory.GetDirectories(Path.GetTempPath(), "flix-fake-*")];
}
