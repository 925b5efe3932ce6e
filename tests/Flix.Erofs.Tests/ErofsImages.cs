using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Erofs.Tests;

/// <summary>One source tree and the images mkfs.erofs makes of it with several option sets, built once for the reader tests.</summary>
public sealed class ErofsImages : IDisposable
{
    public const long BuildTime = 1704164645;

    public const string PreserveMtime = "--preserve-mtime";

    /// <summary>Image variants: a name and the mkfs.erofs options that make it (besides -T and -U).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Variants = new Dictionary<string, string[]>
    {
        // Exactly what flix pack --format erofs runs with erofs-utils 1.5.
        ["flix"] = ["-zlz4hc,12", "-C65536", "-Eztailpacking", "--all-root"],
        // The same, owners kept: uids beyond 16 bits need extended inodes.
        ["flix-owners"] = ["-zlz4hc,12", "-C65536", "-Eztailpacking"],
        // Full 8-byte logical-cluster indexes instead of compacted ones.
        ["full-indexes"] = ["-zlz4hc,12", "-C65536", "-Eztailpacking,legacy-compress"],
        // One-block physical clusters, no tail packing.
        ["small-clusters"] = ["-zlz4hc"],
        ["lz4-fast"] = ["-zlz4", "-C16384"],
        ["uncompressed"] = [],
        // Per-file mtimes (erofs-utils 1.5 ignores them once -T is given, so it is not): extended inodes where they differ from the build time.
        ["mtimes"] = ["-zlz4hc,12", "-C65536", "--preserve-mtime"],
    };

    private readonly TempDirectory _directory = new("flix-erofs-reader-");

    public ErofsImages()
    {
        Source = _directory.Combine("source");
        try
        {
            ErofsSourceTree.Create(Source);
            foreach (var (name, options) in Variants)
            {
                string image = _directory.Combine(name + ".erofs");
                string[] time = options.Contains(PreserveMtime) ? [] : ["-T" + BuildTime];
                ProcessRunner.Output(null, "mkfs.erofs", ["--quiet", .. time, "-U00000000-0000-0000-0000-000000000000", .. options, image, Source]);
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

    public void Dispose() => _directory.Dispose();
}
