using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Files;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Tests;

/// <summary>
/// The corner-case tree, packed by one builder per compressor, judged by three independent readers:
/// unsquashfs's listing, unsquashfs's extraction, and the kernel's squashfs driver. Derived classes pick the builder.
/// </summary>
public abstract class ImageOracleTests
{
    private readonly IntegrationEnvironment _environment;

    protected ImageOracleTests(IntegrationEnvironment environment) => _environment = environment;

    protected abstract IImageBuilder Builder { get; }

    public static TheoryData<ImageCompression> Compressions => new()
    {
        ImageCompression.Gzip, // the default and the one every kernel has
        ImageCompression.Xz,   // slow, strong; its own block layout
        ImageCompression.Lz4,  // mksquashfs writes it with the legacy frame
        ImageCompression.Zstd, // what Flatcar images use
    };

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Listing_matches_the_source(ImageCompression compression)
    {
        var image = await _environment.GetTreeImageAsync(Builder, compression);

        var superblock = await UnsquashfsSuperblock.ReadAsync(image.ImagePath);
        Assert.Equal(compression.ToString().ToLowerInvariant(), superblock.Compression);
        Assert.Equal(FixtureTree.BlockSize, superblock.BlockSize);

        var listing = await UnsquashfsListing.ReadAsync(image.ImagePath);
        var expected = UnsquashfsListing.Expected(_environment.TreeSnapshot, image.Expectation);

        AssertNoDifferences(UnsquashfsListing.Compare(expected, listing, image.Expectation), "unsquashfs -lln");
        Assert.True(listing.Count >= FixtureTree.ManyCount, $"Only {listing.Count} entries listed.");
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Extraction_is_identical_to_the_source(ImageCompression compression)
    {
        var image = await _environment.GetTreeImageAsync(Builder, compression);
        using var scratch = TempDirectory.Create("extract");

        var extracted = await ExtractionOracle.ExtractAsync(image.ImagePath, scratch.Combine("out"), scratch.Path);

        AssertNoDifferences(SnapshotComparer.Compare(_environment.TreeSnapshot, extracted, image.Expectation), "unsquashfs -d");
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Kernel_mount_shows_the_source(ImageCompression compression)
    {
        var image = await _environment.GetTreeImageAsync(Builder, compression);
        using var scratch = TempDirectory.Create("kernel");

        var mounted = await KernelMountOracle.MountAndCompareAsync(
            image.ImagePath, _environment.Tree.Root, FixtureTree.Subdirectory, FixtureTree.SpecialsDirectory, scratch.Path);

        AssertNoDifferences(mounted.Problems(_environment.TreeSnapshot, image.Expectation), "the kernel mount");
        Assert.Equal("squashfs", mounted.FileSystemType);
    }

    [Fact]
    public async Task Owners_are_kept_when_not_all_root()
    {
        var image = await _environment.GetTreeImageAsync(Builder, ImageCompression.Gzip, allRoot: false);
        Assert.False(image.Expectation.AllRoot);

        var listing = await UnsquashfsListing.ReadAsync(image.ImagePath);
        AssertNoDifferences(
            UnsquashfsListing.Compare(UnsquashfsListing.Expected(_environment.TreeSnapshot, image.Expectation), listing, image.Expectation),
            "unsquashfs -lln");

        using var scratch = TempDirectory.Create("owners");
        var mounted = await KernelMountOracle.MountAndCompareAsync(
            image.ImagePath, _environment.Tree.Root, FixtureTree.Subdirectory, FixtureTree.SpecialsDirectory, scratch.Path);
        AssertNoDifferences(mounted.Problems(_environment.TreeSnapshot, image.Expectation), "the kernel mount");
        var largeIds = mounted.Snapshot!.Entries[FixtureTree.Subdirectory + "/owners/large-ids"];
        Assert.Equal((3_000_000_000u, 3_000_000_001u), (largeIds.Uid, largeIds.Gid));
    }

    internal static void AssertNoDifferences(List<string> differences, string oracle)
    {
        if (differences.Count > 0)
        {
            Assert.Fail($"{differences.Count} difference(s) between the source and {oracle}:{Environment.NewLine}" +
                string.Join(Environment.NewLine, differences.Take(60).Select(d => " - " + d)));
        }
    }
}
