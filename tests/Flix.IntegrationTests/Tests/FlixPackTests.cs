using System.Security.Cryptography;
using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Tests;

/// <summary>
/// What flix pack promises beyond a readable image: byte-identical output for the same input, a SHA256SUMS
/// that sha256sum agrees with, the extension-release fields, the versioned file name, and a sysupdate transfer.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-pack")]
public sealed class FlixPackTests(IntegrationEnvironment environment)
{
    [Theory]
    [MemberData(nameof(ImageOracleTests.Compressions), MemberType = typeof(ImageOracleTests))]
    public async Task Two_packs_of_the_same_tree_are_identical(ImageCompression compression)
    {
        using var scratch = TempDirectory.Create("repro");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);

        string first = await PackAsync(tree, scratch.CreateSubdirectory("one"), compression);
        // Touching the tree between runs must not matter: mtimes are clamped to --epoch.
        File.SetLastWriteTimeUtc(Path.Combine(tree, "usr", "bin", SysextTreeBuilder.ProgramName), DateTime.UtcNow);
        string second = await PackAsync(tree, scratch.CreateSubdirectory("two"), compression);

        Assert.Equal(await Sha256Async(first), await Sha256Async(second));
    }

    [Fact]
    public async Task Two_packs_of_the_corner_case_tree_are_identical()
    {
        var cached = await environment.GetTreeImageAsync(new FlixCliBuilder(), ImageCompression.Gzip);
        using var scratch = TempDirectory.Create("repro-big");

        var again = await new FlixCliBuilder().BuildAsync(new ImageRequest
        {
            SourceDirectory = environment.Tree.Root,
            OutputDirectory = scratch.CreateSubdirectory("out"),
            Name = "fixture",
            Compression = ImageCompression.Gzip,
        });

        Assert.Equal(await Sha256Async(cached.ImagePath), await Sha256Async(again.ImagePath));
    }

    [Fact]
    public async Task Sha256sums_agree_with_sha256sum()
    {
        using var scratch = TempDirectory.Create("sums");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");
        string image = await PackAsync(tree, output, ImageCompression.Zstd);

        var sha256sum = await ProcessRunner.RunAsync("sha256sum", [Path.GetFileName(image)], workingDirectory: output);
        sha256sum.EnsureSuccess();
        var lines = File.ReadAllLines(Path.Combine(output, "SHA256SUMS")).Where(l => l.Length > 0).ToList();

        Assert.Contains(sha256sum.StandardOutput.TrimEnd('\n'), lines);
        var check = await ProcessRunner.RunAsync("sha256sum", ["--check", "--strict", "SHA256SUMS"], workingDirectory: output);
        Assert.True(check.ExitCode == 0, check.Describe());
    }

    [Fact]
    public async Task Default_metadata_merges_anywhere()
    {
        using var scratch = TempDirectory.Create("meta-any");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string image = await PackAsync(tree, scratch.CreateSubdirectory("out"), ImageCompression.Gzip);

        var release = ParseRelease(await CatAsync(image, ExtensionRelease.PathFor("hello")));

        Assert.Equal("_any", release["ID"]);
        Assert.False(release.ContainsKey("SYSEXT_LEVEL"), "SYSEXT_LEVEL is only for a pinned ID.");
        Assert.Equal(ExtensionRelease.HostArchitecture, release["ARCHITECTURE"]);
        Assert.False(release.ContainsKey("EXTENSION_RELOAD_MANAGER"));
    }

    [Fact]
    public async Task Versioned_flatcar_pack_has_its_name_metadata_and_merges_on_flatcar()
    {
        using var scratch = TempDirectory.Create("meta-flatcar");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");

        await FlixCli.RunCheckedAsync(
        [
            "pack", tree, "hello", "--os", "flatcar", "--arch", "x86-64", "--version", "1.2.3", "--reload",
            "--compression", "zstd", "--epoch", "1700000000", "--output", output,
        ]);

        string image = Path.Combine(output, "hello-1.2.3-x86-64.raw");
        Assert.True(File.Exists(image), $"No {Path.GetFileName(image)} among: {string.Join(", ", Directory.EnumerateFiles(output).Select(Path.GetFileName))}");
        Assert.Contains(File.ReadAllLines(Path.Combine(output, "SHA256SUMS")), l => l.EndsWith("hello-1.2.3-x86-64.raw", StringComparison.Ordinal));
        var release = ParseRelease(await CatAsync(image, ExtensionRelease.PathFor("hello")));
        Assert.Equal("flatcar", release["ID"]);
        Assert.Equal("1.0", release["SYSEXT_LEVEL"]);
        Assert.Equal("x86-64", release["ARCHITECTURE"]);
        Assert.Equal("1.2.3", release["VERSION_ID"]);
        Assert.Equal("1", release["EXTENSION_RELOAD_MANAGER"]);

        if (ExtensionRelease.HostArchitecture == "x86-64")
        {
            // Deployed as /run/extensions/hello.raw, the bakery's way (a link named NAME.raw).
            var merged = await SysextMergeOracle.MergeAndRunAsync(
                image, "hello", SysextTreeBuilder.ProgramPath, SysextMergeTests.FlatcarOsRelease, scratch.Path);
            Assert.True(merged.ProgramExitCode == 0, merged.Describe());
            Assert.Equal(SysextTreeBuilder.Greeting, merged.ProgramOutput.Trim());
        }
    }

    [Fact]
    public async Task Foreign_architecture_pack_is_refused_by_systemd_sysext()
    {
        string foreign = ExtensionRelease.HostArchitecture == "x86-64" ? "arm64" : "x86-64";
        using var scratch = TempDirectory.Create("foreign-arch");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");
        await FlixCli.RunCheckedAsync(["pack", tree, "hello", "--arch", foreign, "--epoch", "1700000000", "--output", output]);

        var merged = await SysextMergeOracle.MergeAndRunAsync(
            Path.Combine(output, "hello.raw"), "hello", SysextTreeBuilder.ProgramPath, osRelease: null, scratch.Path);

        Assert.True(merged.ProgramExitCode == 127, $"The program ran from an extension for {foreign}. {merged.Describe()}");
        Assert.Empty(merged.ExtensionsOn("/usr"));
        // systemd 252: "Extension 'hello' is for architecture 'arm64', but deployed on top of 'x86-64'."
        Assert.Contains($"architecture '{foreign}'", merged.MergeLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sysupdate_writes_a_transfer_for_the_versioned_image()
    {
        using var scratch = TempDirectory.Create("sysupdate");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");

        await FlixCli.RunCheckedAsync(
        [
            "pack", tree, "hello", "--version", "2.0.0", "--sysupdate", "--sysupdate-url", "https://example.org/ext",
            "--epoch", "1700000000", "--output", output,
        ]);

        string transfer = await File.ReadAllTextAsync(Path.Combine(output, "hello.conf"));
        Assert.Contains("[Transfer]", transfer, StringComparison.Ordinal);
        Assert.Contains("[Source]", transfer, StringComparison.Ordinal);
        Assert.Contains("[Target]", transfer, StringComparison.Ordinal);
        Assert.Contains("https://example.org/ext", transfer, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^MatchPattern=hello-@v-%a\.raw$", transfer);
    }

    [Fact]
    public async Task Block_size_and_compression_reach_the_superblock()
    {
        using var scratch = TempDirectory.Create("blocksize");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");

        await FlixCli.RunCheckedAsync(
        [
            "pack", tree, "hello", "--compression", "xz", "--block-size", "16384", "--epoch", "1700000000", "--output", output,
        ]);

        string image = Path.Combine(output, "hello.raw");
        var superblock = await UnsquashfsSuperblock.ReadAsync(image);
        Assert.Equal(("xz", 16384), (superblock.Compression, superblock.BlockSize));
        var extracted = await ExtractionOracle.ExtractAsync(image, scratch.Combine("extracted"), scratch.Path);
        var source = await TreeSnapshot.TakeAsync(tree, scratch.Path);
        var expectation = new ImageExpectation { AllRoot = true, ClampTime = 1_700_000_000, AddedPaths = ExtensionRelease.PathsFor("hello") };
        ImageOracleTests.AssertNoDifferences(SnapshotComparer.Compare(source, extracted, expectation), "unsquashfs -d");
    }

    [Fact]
    public async Task A_name_with_the_replacement_character_is_packed()
    {
        // U+FFFD is a valid character (EF BF BD in UTF-8), not a sign of a bad name: a reader that decodes
        // names leniently must not mistake it for an undecodable byte.
        using var scratch = TempDirectory.Create("fffd");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string name = "replacement-\uFFFD-character";
        await File.WriteAllTextAsync(Path.Combine(tree, "usr", "share", SysextTreeBuilder.ProgramName, name), "kept\n");

        string image = await PackAsync(tree, scratch.CreateSubdirectory("out"), ImageCompression.Gzip);

        Assert.Equal("kept\n", await CatAsync(image, $"usr/share/{SysextTreeBuilder.ProgramName}/{name}"));
    }

    [Fact]
    public async Task Erofs_pack_of_the_corner_case_tree_mounts_as_erofs()
    {
        using var scratch = TempDirectory.Create("erofs");
        string output = scratch.CreateSubdirectory("out");
        string[] arguments = ["--format", "erofs", "--all-root", "--epoch", "1700000000", "--output", output];

        // erofs-utils before 1.6 (it has no -V) cannot write 255-byte names: flix must name the entry.
        bool oldTool = (await ProcessRunner.RunAsync("mkfs.erofs", "-V")).ExitCode != 0;
        string source = environment.Tree.Root;
        var snapshot = environment.TreeSnapshot;
        if (oldTool)
        {
            var refused = await FlixCli.RunAsync(["pack", source, "fixture", .. arguments]);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("255-byte name", refused.StandardError);
            Assert.Contains(FixtureTree.Subdirectory + "/names/", refused.StandardError);
            Assert.False(File.Exists(Path.Combine(output, "fixture.raw")), "no image may be left after a refusal");

            source = scratch.Combine("tree");
            await ProcessRunner.RunCheckedAsync("cp", "-a", environment.Tree.Root, source);
            string names = Path.Combine(source, FixtureTree.Subdirectory, "names");
            foreach (var name in FixtureTree.LongNames)
            {
                File.Delete(Path.Combine(names, name));
            }

            Directory.Delete(Path.Combine(names, new string('d', 255)), recursive: true);
            snapshot = await TreeSnapshot.TakeAsync(source, scratch.Path);
        }

        await FlixCli.RunCheckedAsync(["pack", source, "fixture", .. arguments]);

        var mounted = await KernelMountOracle.MountAndCompareAsync(
            Path.Combine(output, "fixture.raw"), source, FixtureTree.Subdirectory, FixtureTree.SpecialsDirectory, scratch.Path);
        var expectation = new ImageExpectation
        {
            AllRoot = true,
            ClampTime = 1_700_000_000,
            FixedTime = oldTool ? 1_700_000_000 : null,
            AddedPaths = ExtensionRelease.PathsFor("fixture"),
        };
        ImageOracleTests.AssertNoDifferences(mounted.Problems(snapshot, expectation), "the kernel mount (erofs)");
        Assert.Equal("erofs", mounted.FileSystemType);
    }

    [Fact]
    public async Task Dir_extension_merges_and_runs()
    {
        using var scratch = TempDirectory.Create("dir-merge");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");
        await FlixCli.RunCheckedAsync(["pack", tree, "hello", "--format", "dir", "--version", "2.0", "--output", output]);

        string extension = Path.Combine(output, "hello-2.0-" + ExtensionRelease.HostArchitecture);
        Assert.True(Directory.Exists(extension), $"flix pack --format dir must write the folder {extension}");
        Assert.False(File.Exists(Path.Combine(output, "SHA256SUMS")), "a directory has no SHA256SUMS line");
        var merged = await SysextMergeOracle.MergeAndRunAsync(extension, "hello", SysextTreeBuilder.ProgramPath, osRelease: null, scratch.Path);

        Assert.True(merged.ProgramExitCode == 0, merged.Describe());
        Assert.Equal(SysextTreeBuilder.Greeting, merged.ProgramOutput.Trim());
        Assert.Contains("hello", merged.ExtensionsOn("/usr"));
    }

    [Fact]
    public async Task Erofs_extension_merges_and_runs()
    {
        using var scratch = TempDirectory.Create("erofs-merge");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string output = scratch.CreateSubdirectory("out");
        await FlixCli.RunCheckedAsync(["pack", tree, "hello", "--format", "erofs", "--epoch", "1700000000", "--output", output]);

        var merged = await SysextMergeOracle.MergeAndRunAsync(
            Path.Combine(output, "hello.raw"), "hello", SysextTreeBuilder.ProgramPath, osRelease: null, scratch.Path);

        Assert.True(merged.ProgramExitCode == 0, merged.Describe());
        Assert.Equal(SysextTreeBuilder.Greeting, merged.ProgramOutput.Trim());
        Assert.Equal(["hello"], merged.ExtensionsOn("/usr"));
    }

    private static async Task<string> PackAsync(string tree, string output, ImageCompression compression)
    {
        var image = await new FlixCliBuilder().BuildAsync(new ImageRequest
        {
            SourceDirectory = tree,
            OutputDirectory = output,
            Name = "hello",
            Compression = compression,
        });
        return image.ImagePath;
    }

    private static async Task<string> CatAsync(string image, string path)
    {
        var result = await ProcessRunner.RunAsync("unsquashfs", ["-cat", image, path]);
        return result.EnsureSuccess().StandardOutput;
    }

    private static Dictionary<string, string> ParseRelease(string text) =>
        text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..].Trim('"', '\'')))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static async Task<string> Sha256Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
