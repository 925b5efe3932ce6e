using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Tests;

/// <summary>
/// The oracles can fail: an image is built, then its source is changed in ways a broken writer could
/// get wrong (a byte of content, a mode, an owner, a symlink target, an xattr, a device number, a hard link,
/// a missing entry), and every oracle must report each change.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "mksquashfs")]
public sealed class OracleSensitivityTests : IAsyncLifetime
{
    private const string Share = "usr/share/" + SysextTreeBuilder.ProgramName;

    private readonly TempDirectory _scratch = TempDirectory.Create("sensitivity");
    private BuiltImage? _image;
    private TreeSnapshot? _changed;

    public async Task InitializeAsync()
    {
        string tree = _scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        string share = Path.Combine(tree, Share);
        await ProcessRunner.RunCheckedAsync("mknod", "-m", "0600", Path.Combine(share, "device"), "c", "240", "1");
        await ProcessRunner.RunCheckedAsync("setfattr", "-n", "user.flix.kind", "-v", "original", Path.Combine(share, "README"));
        _image = await new MksquashfsBuilder().BuildAsync(new ImageRequest
        {
            SourceDirectory = tree,
            OutputDirectory = _scratch.CreateSubdirectory("out"),
            Name = "sensitivity",
            AllRoot = false,
        });

        // Now change the source behind the image's back.
        await File.AppendAllTextAsync(Path.Combine(share, "data"), "!");
        await ProcessRunner.RunCheckedAsync("chmod", "0600", Path.Combine(tree, "usr", "bin", SysextTreeBuilder.ProgramName));
        await ProcessRunner.RunCheckedAsync("chown", "77:88", Path.Combine(share, "README"));
        File.Delete(Path.Combine(share, "readme-link"));
        File.CreateSymbolicLink(Path.Combine(share, "readme-link"), "README.hardlink");
        await ProcessRunner.RunCheckedAsync("setfattr", "-n", "user.flix.kind", "-v", "changed", Path.Combine(share, "README"));
        File.Delete(Path.Combine(share, "device"));
        await ProcessRunner.RunCheckedAsync("mknod", "-m", "0600", Path.Combine(share, "device"), "c", "240", "2");
        File.Delete(Path.Combine(share, "README.hardlink"));
        await File.WriteAllTextAsync(Path.Combine(share, "README.hardlink"), "data shipped by the test extension\n");
        await File.WriteAllTextAsync(Path.Combine(share, "only-in-source"), "never packed\n");
        _changed = await TreeSnapshot.TakeAsync(tree, _scratch.Path);
    }

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Listing_oracle_reports_every_change()
    {
        var listing = await UnsquashfsListing.ReadAsync(_image!.ImagePath);
        var differences = UnsquashfsListing.Compare(UnsquashfsListing.Expected(_changed!, _image.Expectation), listing, _image.Expectation);

        AssertReported(differences, "/data", "/bin/" + SysextTreeBuilder.ProgramName, "/readme-link", "/device", "/only-in-source", "77/88");
    }

    [Fact]
    public async Task Extraction_oracle_reports_every_change()
    {
        var extracted = await ExtractionOracle.ExtractAsync(_image!.ImagePath, _scratch.Combine("extracted"), _scratch.Path);
        var differences = SnapshotComparer.Compare(_changed!, extracted, _image.Expectation);

        AssertReported(differences, "/data", "/bin/" + SysextTreeBuilder.ProgramName, "/readme-link", "/device", "/only-in-source", "xattrs", "uid is 0, expected 77", "hard-link group");
    }

    [Fact]
    public async Task Kernel_oracle_reports_every_change()
    {
        var mounted = await KernelMountOracle.MountAndCompareAsync(_image!.ImagePath, _scratch.Combine("tree"), Share, "device", _scratch.Path);

        Assert.Equal(0, mounted.MountExitCode);
        Assert.Equal(1, mounted.DiffExitCode);
        Assert.Contains("only-in-source", mounted.DiffOutput, StringComparison.Ordinal);
        var differences = SnapshotComparer.Compare(_changed!, mounted.Snapshot!, _image.Expectation);
        AssertReported(differences, "/data", "/bin/" + SysextTreeBuilder.ProgramName, "/readme-link", "/device", "/only-in-source", "xattrs", "uid is 0, expected 77", "hard-link group");
    }

    private static void AssertReported(List<string> differences, params string[] fragments)
    {
        string all = string.Join(Environment.NewLine, differences);
        foreach (var fragment in fragments)
        {
            Assert.True(all.Contains(fragment, StringComparison.Ordinal), $"No difference mentions '{fragment}':{Environment.NewLine}{all}");
        }
    }
}
