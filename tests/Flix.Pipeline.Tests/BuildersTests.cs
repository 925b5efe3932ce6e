using Flix.Core.Tree;
using Flix.Flatwrap;
using Flix.FlixMode;
using Flix.Oci.Sources;
using Flix.Pipeline.Builders;
using Flix.Sysext;
using Flix.Sysext.Entries;
using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;

namespace Flix.Pipeline.Tests;

/// <summary>The builders of the pipeline on real trees: what each tells the pipeline besides its tree.</summary>
public sealed class BuildersTests
{
    /// <summary>Runs the pipeline on the folder <paramref name="root"/>, packing a directory extension into <paramref name="output"/>.</summary>
    private static Task<ExtensionResult> RunAsync(string root, IExtensionBuilder builder, string name, string output, string architecture = ExtensionArchitecture.X86_64) =>
        ExtensionPipeline.RunAsync(new ExtensionRequest
        {
            Image = ImageSourceSpec.Parse("dir:" + root),
            Builder = builder,
            Pack = new SysextPackOptions { Name = name, Architecture = architecture, OutputDirectory = output, Format = ImageFormat.Directory, KeepOwners = true },
        });

    [Fact]
    public async Task Flix_mode_says_the_machine_of_its_programs_and_the_pipeline_packs_for_it()
    {
        // A small image on disk made of this machine's ls, its libraries and loader.
        using var temp = new TempDirectory();
        string root = HostTrees.WriteHostLsRoot(temp.Combine("root"));
        var builder = new FlixModeExtensionBuilder(new FlixOptions { Name = "ls", AutoLibraries = false });

        var result = await RunAsync(root, builder, "ls", temp.Combine("out"), architecture: ExtensionArchitecture.Arm64);

        var build = Assert.IsType<FlixModeBuild>(result.Build);
        Assert.Equal("x86-64", build.Architecture);
        Assert.Equal("x86-64", result.Architecture);
        Assert.Contains("/usr/bin/ls", build.Result.PatchedFiles);
        Assert.False(build.HasUnits);
    }

    [Fact]
    public async Task Flatwrap_reports_its_units_and_they_turn_reload_on()
    {
        using var temp = new TempDirectory();
        var tree = new FileTree();
        tree.Add("usr/sbin/tool", SampleTrees.File("#!/bin/sh\necho tool\n", 0x1ED, 100));
        tree.Add("usr/lib/systemd/system/tool.service", SampleTrees.File("[Service]\nExecStart=/usr/sbin/tool\n", 0x1A4, 100));
        string root = temp.Combine("root");
        await TreeMaterializer.MaterializeAsync(tree, root);
        var options = new FlatwrapOptions { Name = "tool", Entries = [EntryPoint.Parse("/usr/sbin/tool"), EntryPoint.Parse("/usr/lib/systemd/system/tool.service")] };

        var result = await RunAsync(root, new FlatwrapExtensionBuilder(options), "tool", temp.Combine("out"));

        var build = Assert.IsType<FlatwrapBuild>(result.Build);
        Assert.True(build.HasUnits);
        Assert.Null(build.Architecture);
        Assert.True(result.Options.ReloadManager);
        Assert.Equal("[Service]\nExecStart=/usr/bin/tool\n", await File.ReadAllTextAsync(Path.Combine(result.Pack.Path, "usr/lib/systemd/system/tool.service")));
    }

    [Fact]
    public async Task The_plain_tree_builder_ships_the_rootfs_as_it_is()
    {
        using var temp = new TempDirectory();
        var tree = new FileTree();
        tree.Add("usr/bin/tool", SampleTrees.File("tool\n", 0x1ED, 100));
        tree.Add("usr/lib/systemd/system/tool.service", SampleTrees.File("[Service]\n", 0x1A4, 100));
        string root = temp.Combine("root");
        await TreeMaterializer.MaterializeAsync(tree, root);

        var result = await RunAsync(root, new PlainTreeExtensionBuilder(), "tool", temp.Combine("out"));

        Assert.Equal("tool\n", await File.ReadAllTextAsync(Path.Combine(result.Pack.Path, "usr/bin/tool")));
        Assert.False(result.Options.ReloadManager);
        Assert.Equal("tool\n", await File.ReadAllTextAsync(Path.Combine(root, "usr/bin/tool")));
    }
}
