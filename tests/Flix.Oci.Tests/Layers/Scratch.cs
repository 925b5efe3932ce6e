using System.Security.Cryptography;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Flix.Oci.Layers;

namespace Flix.Oci.Tests.Layers;

/// <summary>
/// A temporary area holding the root a layer is applied to and, beside it, a sentinel directory "outside" that
/// no layer may touch. <see cref="ListOutside"/> describes everything but the root, to compare before and after.
/// </summary>
internal sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Path = Directory.CreateTempSubdirectory("flix-layers-").FullName;
        Root = System.IO.Path.Combine(Path, "root");
        Outside = System.IO.Path.Combine(Path, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(System.IO.Path.Combine(Outside, "sub"));
        System.IO.File.WriteAllText(System.IO.Path.Combine(Outside, "f"), "outside file\n");
        System.IO.File.WriteAllText(System.IO.Path.Combine(Outside, "sub", "g"), "outside file g\n");
    }

    public string Path { get; }

    public string Root { get; }

    public string Outside { get; }

    public FileTree Model { get; } = new();

    public List<LayerApplyResult> Results { get; } = [];

    public static int DigestCounter;

    public static string NextDigest() => "sha256:" + Interlocked.Increment(ref DigestCounter).ToString("x64");

    public async Task<LayerApplyResult> ApplyAsync(byte[] tar, LayerApplyOptions? options = null, string? digest = null,
        string mediaType = "application/vnd.oci.image.layer.v1.tar", long cap = LayerDecompression.DefaultMaxDecompressedBytes)
    {
        digest ??= NextDigest();
        using var stream = LayerDecompression.Open(new MemoryStream(tar), mediaType, digest, cap);
        var result = await LayerApplier.ApplyAsync(stream, digest, Root, Model, options ?? new LayerApplyOptions());
        Results.Add(result);
        return result;
    }

    /// <summary>Every entry of the scratch area outside the root, with type, mode, size, content hash, target and time.</summary>
    public string ListOutside()
    {
        var lines = new List<string>();
        Walk(Path, string.Empty, lines);
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    public StatxBuffer Stat(string relative)
    {
        string full = System.IO.Path.Combine(Root, relative);
        Assert.True(Libc.Statx(Libc.AtFdCwd, full, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var buffer) == 0, $"stat {relative}: {Libc.LastErrorText()}");
        return buffer;
    }

    public bool Exists(string relative) =>
        Libc.Statx(Libc.AtFdCwd, System.IO.Path.Combine(Root, relative), Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out _) == 0;

    public string Read(string relative) => System.IO.File.ReadAllText(System.IO.Path.Combine(Root, relative));

    public void Dispose() => TreeRemover.Delete(Path);

    private void Walk(string directory, string prefix, List<string> lines)
    {
        foreach (var full in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = System.IO.Path.GetFileName(full);
            string relative = prefix.Length == 0 ? name : prefix + "/" + name;
            if (relative == "root")
            {
                continue;
            }

            Assert.True(Libc.Statx(Libc.AtFdCwd, full, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var stat) == 0);
            uint type = stat.Mode & Libc.FileTypeMask;
            var line = new StringBuilder($"{relative} type={type:x} mode={Convert.ToString(stat.Mode & 0xFFF, 8)} uid={stat.Uid} gid={stat.Gid} size={stat.Size} mtime={stat.MTime.Seconds} nlink={stat.NLink}");
            if (type == Libc.FileTypeRegular)
            {
                line.Append(" sha256=").Append(Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(full))));
            }
            else if (type == Libc.FileTypeSymlink)
            {
                line.Append(" target=").Append(new FileInfo(full).LinkTarget);
            }

            lines.Add(line.ToString());
            if (type == Libc.FileTypeDirectory)
            {
                Walk(full, relative, lines);
            }
        }
    }
}
