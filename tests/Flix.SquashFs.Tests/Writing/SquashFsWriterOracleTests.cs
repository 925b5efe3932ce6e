using System.Text.RegularExpressions;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>The sample image checked with unsquashfs, mksquashfs and the kernel as oracles.</summary>
public sealed partial class SquashFsWriterOracleTests(SampleImageFixture fixture) : IClassFixture<SampleImageFixture>
{
    [Fact]
    public void Superblock_IsAcceptedByUnsquashfs()
    {
        string stats = ProcessRunner.Output(null, "unsquashfs", "-s", fixture.Image);
        Assert.Contains("Found a valid SQUASHFS 4:0 superblock", stats, StringComparison.Ordinal);
        Assert.Contains("Compression gzip", stats, StringComparison.Ordinal);
        Assert.Contains("Block size 131072", stats, StringComparison.Ordinal);
        Assert.Contains("Filesystem is exportable via NFS", stats, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(fixture.Image).Length % 4096);
    }

    [Fact]
    public void Listing_MatchesMksquashfsOfTheSameTree()
    {
        var expected = Listing(fixture.ReferenceImage);
        var actual = Listing(fixture.Image);
        Assert.True(expected.Count > SampleTree.LargeDirectoryEntries, $"mksquashfs listed only {expected.Count} lines.");
        var missing = expected.Except(actual).Take(10).ToList();
        var extra = actual.Except(expected).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"Only in mksquashfs:\n{string.Join('\n', missing)}\nOnly in ours:\n{string.Join('\n', extra)}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Listing_ShowsNamesOwnersAndClampedTimes()
    {
        string listing = ProcessRunner.Output(null, "unsquashfs", "-lln", fixture.Image);
        Assert.Contains("squashfs-root/" + SampleTree.LongName, listing, StringComparison.Ordinal);
        foreach (var name in SampleTree.UnicodeNames)
        {
            Assert.Contains("squashfs-root/" + name, listing, StringComparison.Ordinal);
        }

        Assert.Matches(@"-rwsr-xr-x 0/0 +16 2023-11-14 22:13 squashfs-root/small.txt\n", listing);
        Assert.Matches(@"lrwxrwxrwx 1000/2000 +12 \S+ \S+ squashfs-root/dir/link-relative -> \.\./small\.txt\n", listing);
        Assert.Matches(@"drwxrwxrwt 65534/65534 .* squashfs-root/dir/sub\n", listing);
        // unsquashfs 4.5.1 prints minors above 255 in the old 8-bit form, so only the kind and mode are checked here;
        // the kernel mount test checks the device numbers.
        Assert.Matches(@"brw-r----- 0/0 .* squashfs-root/block-device\n", listing);
    }

    [Fact]
    public void Extract_GivesTheSourceTree()
    {
        string output = fixture.Scratch("extract-" + Guid.NewGuid().ToString("N"));
        ProcessRunner.Output(null, "unsquashfs", "-no-progress", "-d", output, fixture.Image);
        var source = TreeSnapshot.Take(fixture.Source);
        var extracted = TreeSnapshot.Take(output);

        // The extracted root gets the image's mode; compare everything below it.
        source.Entries.Remove(".");
        extracted.Entries.Remove(".");
        TreeSnapshot.AssertSame(source, extracted);

        Assert.Equal(TreeSnapshot.Xattrs(fixture.Source), TreeSnapshot.Xattrs(output));
        Assert.Contains(TreeSnapshot.Xattrs(output), l => l.StartsWith("one-block security.capability=0x", StringComparison.Ordinal));

        // Every mtime is clamped to the image time, the rest kept.
        foreach (var (path, mtime) in extracted.ModificationTimes)
        {
            long expected = Math.Min(long.Parse(source.ModificationTimes[path]), SampleImageFixture.Timestamp);
            if (!source.Entries.TryGetValue(path, out var description) || description.StartsWith("symbolic", StringComparison.Ordinal))
            {
                continue; // unsquashfs does not set symlink times
            }

            Assert.True(expected == long.Parse(mtime), $"{path}: mtime {mtime}, expected {expected}.");
        }
    }

    [Fact]
    public void KernelMount_ShowsTheSourceTree()
    {
        string mountPoint = fixture.Scratch("mnt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mountPoint);
        const string Script = """
            set -e
            mount -o loop,ro "$1" "$2"
            cd "$2"
            find . -exec stat --printf "$4" {} +
            echo '@@@'
            getfattr -R -h -d -m - -e hex . || true
            echo '@@@'
            diff -r --no-dereference "$3" "$2" || true
            echo '@@@'
            ls -f large-dir | wc -l
            ls -d "large-dir/$5" "large-dir/$6"
            cat "large-dir/$7"
            """;
        string output = ProcessRunner.Output(null, 
            "unshare", "-m", "sh", "-c", Script, "sh", fixture.Image, mountPoint, fixture.Source, TreeSnapshot.StatFormat,
            SampleTree.LargeDirectoryName(9999), SampleTree.LargeDirectoryName(5000), SampleTree.LargeDirectoryName(7779));
        var sections = output.Split("@@@\n");
        Assert.Equal(4, sections.Length);

        var source = TreeSnapshot.Take(fixture.Source);
        var mounted = TreeSnapshot.Parse(mountPoint, sections[0]);
        TreeSnapshot.AssertSame(source, mounted, compareBytes: false);

        Assert.Equal(TreeSnapshot.Xattrs(fixture.Source), TreeSnapshot.ParseXattrs(sections[1]));

        // diff cannot compare devices, fifos and sockets; any other line is a real difference.
        var differences = sections[2].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !SameKindSpecialFile().IsMatch(l))
            .ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));

        var lookups = sections[3].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((SampleTree.LargeDirectoryEntries + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), lookups[0].Trim());
        Assert.Equal("large-dir/" + SampleTree.LargeDirectoryName(5000), lookups[1]);
        Assert.Equal("large-dir/" + SampleTree.LargeDirectoryName(9999), lookups[2]);
        Assert.Equal(SampleTree.LargeDirectoryName(7779), lookups[3]);
    }

    [Fact]
    public async Task SameTreeTwice_GivesIdenticalBytes()
    {
        string second = fixture.Scratch("again-" + Guid.NewGuid().ToString("N") + ".img");
        await using (var output = File.Create(second))
        {
            await SquashFsWriter.WriteAsync(fixture.Tree, output, SampleImageFixture.Options with { Parallelism = 1 });
        }

        Assert.True(File.ReadAllBytes(fixture.Image).AsSpan().SequenceEqual(File.ReadAllBytes(second)), "Two writes of the same tree differ.");
    }

    [Fact]
    public void Size_IsNoLargerThanMksquashfs()
    {
        long ours = new FileInfo(fixture.Image).Length;
        long reference = new FileInfo(fixture.ReferenceImage).Length;
        Assert.True(ours <= reference * 102 / 100, $"Our image is {ours} bytes, mksquashfs's {reference}.");
    }

    private static List<string> Listing(string image) =>
        ProcessRunner.Output(null, "unsquashfs", "-lln", image)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Timestamp().Replace(l, " "))
            .ToList();

    [GeneratedRegex(@" \d{4}-\d{2}-\d{2} \d{2}:\d{2} ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^File \S+ is a (.+) while file \S+ is a \1$")]
    private static partial Regex SameKindSpecialFile();
}
