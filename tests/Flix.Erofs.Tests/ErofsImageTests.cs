using System.Security.Cryptography;
using Flix.Core.Tree;
using Flix.Erofs.Format;
using Flix.Erofs.Reading;

namespace Flix.Erofs.Tests;

/// <summary>
/// Images from the real mkfs.erofs (erofs-utils on this machine) read back by Flix's reader: every entry, its
/// metadata, its content and its xattrs equal the source tree's.
/// </summary>
public sealed class ErofsImageTests : IClassFixture<ErofsImages>
{
    private readonly ErofsImages _images;

    public ErofsImageTests(ErofsImages images) => _images = images;

    public static TheoryData<string> Variants => [.. ErofsImages.Variants.Keys];

    [Theory]
    [MemberData(nameof(Variants))]
    public void TreeEqualsTheSource(string variant)
    {
        bool allRoot = ErofsImages.Variants[variant].Contains("--all-root");
        bool mtimes = ErofsImages.Variants[variant].Contains(ErofsImages.PreserveMtime);
        using var image = ErofsImage.Open(_images.Images[variant]);
        var read = image.ReadTree();
        var source = DirectoryTreeReader.Read(_images.Source);
        var expected = source.Walk().ToDictionary(e => e.Path, e => e.Node, StringComparer.Ordinal);
        var actual = read.Walk().ToDictionary(e => e.Path, e => e.Node, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));

        var differences = new List<string>();
        foreach (var (path, want) in expected)
        {
            var got = actual[path];
            void Check<T>(string what, T wanted, T found)
            {
                if (!EqualityComparer<T>.Default.Equals(wanted, found))
                {
                    differences.Add($"{path}: {what} is {found}, expected {wanted}");
                }
            }

            Check("kind", want.Kind, got.Kind);
            Check("mode", want.Mode, got.Mode);
            Check("uid", allRoot ? 0 : want.Uid, got.Uid);
            Check("gid", allRoot ? 0 : want.Gid, got.Gid);
            Check("mtime", mtimes ? want.ModificationTime : ErofsImages.BuildTime, got.ModificationTime);
            Check("target", want.LinkTarget, got.LinkTarget);
            Check("device", (want.DeviceMajor, want.DeviceMinor), (got.DeviceMajor, got.DeviceMinor));
            Check("xattrs", Describe(want.ExtendedAttributes), Describe(got.ExtendedAttributes));
            if (want.Kind == EntryKind.RegularFile)
            {
                Check("size", want.Size, got.Size);
                Check("sha256", Hash(want), Hash(got));
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Same(read.Find("usr/bin/tool"), read.Find("usr/share/hard-link-to-tool"));
    }

    [Fact]
    public void FlixImagesUseTheFeaturesTheReaderIsBuiltFor()
    {
        using var image = ErofsImage.Open(_images.Images["flix"]);
        Assert.Equal(
            ErofsIncompatFeatures.ZeroPadding | ErofsIncompatFeatures.BigPhysicalClusters | ErofsIncompatFeatures.TailPacking,
            image.Superblock.FeatureIncompat);
        Assert.Equal(4096, image.BlockSize);
        Assert.Equal(ErofsImages.BuildTime, image.Superblock.BuildTime);
        Assert.Equal("00000000-0000-0000-0000-000000000000", image.Superblock.Uuid);
        var layouts = image.Walk().Where(e => e.Kind == EntryKind.RegularFile).Select(e => e.DataLayout).ToHashSet();
        Assert.Contains(ErofsDataLayout.CompressedCompact, layouts);
        Assert.Contains(ErofsDataLayout.FlatInline, layouts);
    }

    [Fact]
    public void WalkListsEveryDirectoryInSortedOrder()
    {
        using var image = ErofsImage.Open(_images.Images["flix"]);
        var many = image.Walk().Where(e => e.Path.StartsWith("usr/share/many/", StringComparison.Ordinal)).Select(e => e.Path).ToList();
        Assert.Equal(ErofsSourceTree.ManyEntries + 2, many.Count);
        Assert.Equal(many.Order(StringComparer.Ordinal), many);
    }

    private static string Describe(IReadOnlyDictionary<string, byte[]> xattrs) =>
        string.Join(";", xattrs.Where(x => !x.Key.StartsWith("system.", StringComparison.Ordinal))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Key + "=" + Convert.ToHexString(x.Value)));

    private static string Hash(TreeNode node)
    {
        using var stream = node.Content!.OpenRead();
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
