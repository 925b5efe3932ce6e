using Flix.Core.Tree;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>zstd-compressed tarballs (.tar.zst), which some upstreams moved to, made with tar as ReleaseFiles makes the others.</summary>
public static class ZstdTarball
{
    /// <summary>A .tar.zst of <paramref name="entries"/> (path → content; a content starting with "#!" is a program, mode 0755).</summary>
    public static byte[] Create(IReadOnlyDictionary<string, string> entries)
    {
        var folder = Directory.CreateTempSubdirectory("flix-upstream-zstd-").FullName;
        try
        {
            var tree = Path.Combine(folder, "tree");
            foreach (var (path, content) in entries)
            {
                var file = Path.Combine(tree, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, content);
                File.SetUnixFileMode(file, content.StartsWith("#!", StringComparison.Ordinal) ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4);
            }

            var tarball = Path.Combine(folder, "out.tar.zst");
            var tops = entries.Keys.Select(path => path.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            ProcessRunner.RunCheckedAsync("tar", ["--zstd", "-c", "-f", tarball, "--owner=0", "--group=0", "--numeric-owner", "-C", tree, .. tops]).GetAwaiter().GetResult();
            return File.ReadAllBytes(tarball);
        }
        finally
        {
            TreeRemover.Delete(folder);
        }
    }
}
