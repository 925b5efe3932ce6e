using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Reading;

/// <summary>One source tree and the images real mksquashfs makes of it, built once for all reader tests.</summary>
public sealed class ImageFixture : IDisposable
{
    /// <summary>Image variants: a name and the mksquashfs options that make it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Variants = new Dictionary<string, string[]>
    {
        ["gzip"] = ["-comp", "gzip"],
        ["xz"] = ["-comp", "xz"],
        ["lz4"] = ["-comp", "lz4"],
        ["lz4-hc"] = ["-comp", "lz4", "-Xhc"],
        ["zstd"] = ["-comp", "zstd"],
        ["zstd-19"] = ["-comp", "zstd", "-Xcompression-level", "19"],
        // Nothing compressed, 4 KiB blocks, tails of big files in fragments, no export table.
        ["uncompressed-4k"] = ["-comp", "gzip", "-b", "4096", "-noI", "-noD", "-noF", "-noX", "-noId", "-always-use-fragments", "-no-exports"],
    };

    private readonly string _directory;

    public ImageFixture()
    {
        _directory = Directory.CreateTempSubdirectory("flix-squashfs-reader-").FullName;
        Source = Path.Combine(_directory, "source");
        try
        {
            SourceTree.Create(Source, full: true);
            foreach (var (name, options) in Variants)
            {
                string image = Path.Combine(_directory, name + ".sqfs");
                ProcessRunner.Output(null, "mksquashfs", [Source, image, "-noappend", "-quiet", "-no-progress", "-processors", "2", .. options]);
                Images[name] = image;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Source { get; }

    public Dictionary<string, string> Images { get; } = [];

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class ImageCollection : ICollectionFixture<ImageFixture>
{
    public const string Name = "mksquashfs images";
}
