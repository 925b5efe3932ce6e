using System.Text;
using Flix.IntegrationTests.Fixtures;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Tests;

/// <summary>The corner-case tree really holds the corner cases it claims (as the tools see it).</summary>
[Collection(IntegrationCollection.Name)]
public sealed class FixtureTreeTests(IntegrationEnvironment environment)
{
    private const string F = FixtureTree.Subdirectory;

    [Fact]
    public void Every_file_type_is_present()
    {
        var types = environment.TreeSnapshot.Entries.Values.Select(e => e.Type).ToHashSet();
        Assert.Equal("bcdflps", string.Concat(types.Order()));
    }

    [Fact]
    public void Large_and_block_boundary_sizes_are_exact()
    {
        var entries = environment.TreeSnapshot.Entries;
        Assert.Equal(0, entries[F + "/files/empty"].Size);
        Assert.Equal(FixtureTree.BlockSize, entries[F + "/files/one-block"].Size);
        Assert.Equal(FixtureTree.BlockSize + 1, entries[F + "/files/one-block-plus-one"].Size);
        Assert.Equal(FixtureTree.LargeSize, entries[F + "/files/large"].Size);
        Assert.Equal(FixtureTree.SparseDataOffset + 5000, entries[F + "/files/sparse"].Size);
    }

    [Fact]
    public async Task Sparse_files_have_holes()
    {
        foreach (var name in new[] { "sparse", "all-hole" })
        {
            string path = Path.Combine(environment.Tree.FixturePath, "files", name);
            var stat = await ProcessRunner.RunCheckedAsync("stat", "-c", "%b %B %s", path);
            var parts = stat.StandardOutput.Trim().Split(' ').Select(long.Parse).ToArray();
            Assert.True(parts[0] * parts[1] < parts[2], $"'{name}' uses {parts[0] * parts[1]} bytes on disk for {parts[2]}: not sparse.");
        }
    }

    [Fact]
    public void The_big_directory_has_ten_thousand_entries()
    {
        int count = environment.TreeSnapshot.Entries.Keys.Count(p => p.StartsWith(FixtureTree.ManyDirectory + "/", StringComparison.Ordinal));
        Assert.Equal(FixtureTree.ManyCount, count);
    }

    [Fact]
    public void Names_reach_255_bytes_and_leave_the_basic_plane()
    {
        var names = environment.TreeSnapshot.Entries.Keys.Select(p => p[(p.LastIndexOf('/') + 1)..]).ToList();
        Assert.Equal(FixtureTree.LongNames.Count + 1, names.Count(n => Encoding.UTF8.GetByteCount(n) == 255));
        Assert.Contains(names, n => n.Any(char.IsSurrogate));
        Assert.Contains(names, n => n.Any(c => c >= '\uE000'));
    }

    [Fact]
    public void Hard_links_share_an_inode()
    {
        var expected = FixtureTree.HardLinkGroups.Select(g => string.Join(" = ", g.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
        Assert.Equal(expected, environment.TreeSnapshot.HardLinkGroups());
    }

    [Fact]
    public void Special_modes_owners_and_xattrs_are_set()
    {
        var e = environment.TreeSnapshot.Entries;
        Assert.Equal(0x9EDu, e[F + "/modes/suid"].Permissions);            // 04755
        Assert.Equal(0x5EDu, e[F + "/modes/sgid"].Permissions);            // 02755
        Assert.Equal(0x3FFu, e[F + "/modes/sticky-directory"].Permissions); // 01777
        Assert.Equal(0u, e[F + "/modes/none"].Permissions);
        Assert.Equal(0xFFFu, e[F + "/modes/all-bits"].Permissions);
        Assert.Equal((1234u, 5678u), (e[F + "/owners/symlink-1234"].Uid, e[F + "/owners/symlink-1234"].Gid));
        Assert.Contains("security.capability", e[F + "/xattrs/capable"].Xattrs.Keys);
        Assert.Equal(4, e[F + "/xattrs/user-attributes"].Xattrs.Keys.Count(k => k.StartsWith("user.", StringComparison.Ordinal)));
        Assert.Equal((259u, 70000u), (e[F + "/specials/block-large-numbers"].DeviceMajor, e[F + "/specials/block-large-numbers"].DeviceMinor));
        Assert.Equal("does/not/exist", e[F + "/links/dangling"].LinkTarget);
    }
}
