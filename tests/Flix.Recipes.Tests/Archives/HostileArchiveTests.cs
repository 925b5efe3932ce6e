using System.IO.Compression;
using System.Text;
using Flix.Recipes.Archives;
using Flix.Recipes.Model;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Archives;

/// <summary>
/// Archives made to escape or to exhaust: each fails with one line naming the artifact and the entry, and nothing is
/// written outside the scratch folder (no entry ever becomes a path on disk). Unpacking holds a bounded buffer at a
/// time however large the content.
/// </summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class HostileArchiveTests : IDisposable
{
    private const string Source = "https://example.org/hostile.tar";
    private readonly TempDirectory _work = TempDirectory.Create("hostile-archive");

    public static TheoryData<string, string> HostileTars => new()
    {
        { "dotdot", "the entry 'tool/../../evil' would leave the archive" },
        { "absolute", "the entry '/etc/evil' has an absolute name" },
        { "link-up", "the link 'tool/up' points to '../../etc', above the archive's root" },
        { "through-link", "the entry 'tool/etc/passwd' cannot be placed" },
        { "hardlink-out", "the entry '../../etc/shadow' would leave the archive" },
        { "huge", "unpacks to more than 68719476736 bytes, the limit" },
    };

    [Theory]
    [MemberData(nameof(HostileTars))]
    public async Task A_hostile_tar_fails_with_one_line(string kind, string expected)
    {
        var archive = _work.Combine(kind + ".tar");
        await File.WriteAllBytesAsync(archive, LayerTarWriter.ToArray(Entries(kind)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(archive));

        Assert.StartsWith(Source + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(_work.Combine("evil")));
    }

    [Fact]
    public async Task A_hostile_tar_inside_each_compression_fails_the_same()
    {
        var plain = _work.Combine("dotdot.tar");
        await File.WriteAllBytesAsync(plain, LayerTarWriter.ToArray(Entries("dotdot")));
        foreach (var (compressor, extension) in new[] { ("gzip", "gz"), ("xz", "xz"), ("bzip2", "bz2"), ("zstd", "zst") })
        {
            await ProcessRunner.RunCheckedAsync(compressor, ["-k", "-f", "-q", plain]);
            var compressed = $"{plain}.{extension}";

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(compressed));

            Assert.Contains("the entry 'tool/../../evil' would leave the archive", error.Message, StringComparison.Ordinal);
            File.Delete(compressed);
        }
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/etc/evil")]
    [InlineData("a/../../evil")]
    public async Task A_zip_entry_leaving_the_archive_fails_with_one_line(string name)
    {
        var archive = _work.Combine("hostile.zip");
        await using (var zip = await ZipArchive.CreateAsync(File.Create(archive), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null))
        {
            var entry = zip.CreateEntry(name);
            await using var stream = await entry.OpenAsync();
            await stream.WriteAsync("evil"u8.ToArray());
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(archive));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_zip_entry_inflating_past_its_declared_size_is_stopped()
    {
        // Either the reader refuses the entry, or it stops at the declared size: never 1 MiB out of a 16-byte entry.
        // zip writes the real size; the central directory is patched to declare 16 bytes for 1 MiB of zeros.
        var content = _work.Combine("zeros");
        await File.WriteAllBytesAsync(content, new byte[1 << 20]);
        var archive = _work.Combine("bomb.zip");
        await ProcessRunner.RunCheckedAsync("sh", ["-c", $"cd '{_work.Path}' && zip -q '{archive}' zeros"]);
        var bytes = await File.ReadAllBytesAsync(archive);
        PatchSizes(bytes, 1 << 20, 16);
        await File.WriteAllBytesAsync(archive, bytes);

        try
        {
            var (tree, _) = await UnpackAsync(archive);
            Assert.Equal(16, tree.Find("zeros")!.Size);
        }
        catch (InvalidDataException error)
        {
            Assert.StartsWith(Source, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }

        var scratch = Directory.EnumerateFiles(_work.Path, "*", SearchOption.AllDirectories).Where(f => f.Contains("/scratch", StringComparison.Ordinal));
        Assert.All(scratch, f => Assert.True(new FileInfo(f).Length <= 16, $"{f} grew to {new FileInfo(f).Length} bytes"));
    }

    [Fact]
    public async Task A_large_file_unpacks_with_bounded_memory()
    {
        const long size = 512L << 20;
        var source = _work.CreateSubdirectory("large");
        await ProcessRunner.RunCheckedAsync("truncate", ["-s", size.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(source, "big")]);
        var archive = _work.Combine("large.tar.zst");
        await ProcessRunner.RunCheckedAsync("tar", ["--zstd", "-cf", archive, "-C", source, "big"]);
        Assert.True(new FileInfo(archive).Length < 1 << 20);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (tree, _) = await UnpackAsync(archive);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, tree.Find("big")!.Size);
        Assert.True(allocated < 32L << 20, $"Unpacking {size} bytes allocated {allocated} bytes.");
    }

    public void Dispose() => _work.Dispose();

    private Task<(Core.Tree.FileTree Tree, ArchiveFormat Format)> UnpackAsync(string path) =>
        ArchiveUnpacker.UnpackAsync(path, ArchiveFormat.Auto, Path.GetFileName(path), Source, _work.Combine("scratch-" + Guid.NewGuid().ToString("N")), CancellationToken.None);

    private static IEnumerable<LayerEntry> Entries(string kind)
    {
        yield return LayerEntry.Directory("tool");
        yield return LayerEntry.File("tool/ok", "fine");
        switch (kind)
        {
            case "dotdot":
                yield return LayerEntry.File("tool/../../evil", "evil");
                break;
            case "absolute":
                yield return LayerEntry.Raw(new RawTarHeader { Name = Encoding.ASCII.GetBytes("/etc/evil"), Data = "evil"u8.ToArray() });
                break;
            case "link-up":
                yield return LayerEntry.Symlink("tool/up", "../../etc");
                break;
            case "through-link":
                yield return LayerEntry.Symlink("tool/etc", "/etc");
                yield return LayerEntry.File("tool/etc/passwd", "root::0:0::/:/bin/sh\n");
                break;
            case "hardlink-out":
                yield return LayerEntry.HardLink("tool/shadow", "../../etc/shadow");
                break;
            case "huge":
                yield return LayerEntry.Raw(new RawTarHeader { Name = "tool/huge"u8.ToArray(), DeclaredSize = 1L << 40, Data = new byte[512] });
                break;
        }
    }

    /// <summary>Replaces the uncompressed size <paramref name="real"/> with <paramref name="declared"/> in the local and central headers.</summary>
    private static void PatchSizes(byte[] zip, int real, int declared)
    {
        var span = zip.AsSpan();
        // Local header: signature PK\3\4, uncompressed size at 22. Central header: PK\1\2, uncompressed size at 24.
        for (var i = 0; i + 46 <= zip.Length; i++)
        {
            if (span[i..].StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) && BitConverter.ToInt32(zip, i + 22) == real)
            {
                BitConverter.TryWriteBytes(span[(i + 22)..], declared);
            }
            else if (span[i..].StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x01, 0x02]) && BitConverter.ToInt32(zip, i + 24) == real)
            {
                BitConverter.TryWriteBytes(span[(i + 24)..], declared);
            }
        }
    }
}
