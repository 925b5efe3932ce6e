using Flix.Core.Tree;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// Real Debian packages (an ar archive of debian-binary, control.tar and data.tar) made by dpkg-deb from the files
/// given, and tarballs of such packages, for upstreams that publish their .debs bundled in one release archive.
/// </summary>
public static class DebPackages
{
    /// <summary>
    /// A .deb of package <paramref name="name"/> holding <paramref name="files"/> (path below / → content; a content
    /// starting with "#!" or an ELF header is a program, mode 0755) and <paramref name="links"/> (path → target).
    /// </summary>
    public static byte[] Build(string name, string version, string architecture, IReadOnlyDictionary<string, byte[]> files, IReadOnlyDictionary<string, string>? links = null)
    {
        var folder = Directory.CreateTempSubdirectory("flix-upstream-deb-").FullName;
        try
        {
            var root = Path.Combine(folder, "root");
            Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
            File.WriteAllText(Path.Combine(root, "DEBIAN", "control"),
                $"Package: {name}\nVersion: {version}\nArchitecture: {architecture}\nMaintainer: Flix <flix@example.org>\nDescription: {name} (stand-in)\n");
            foreach (var (path, content) in files)
            {
                var file = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, content);
                File.SetUnixFileMode(file, IsProgram(content) ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4);
            }

            foreach (var (path, target) in links ?? new Dictionary<string, string>())
            {
                var link = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, target);
            }

            var package = Path.Combine(folder, "package.deb");
            ProcessRunner.RunCheckedAsync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", root, package]).GetAwaiter().GetResult();
            return File.ReadAllBytes(package);
        }
        finally
        {
            TreeRemover.Delete(folder);
        }
    }

    /// <summary>A .tar.gz holding <paramref name="entries"/> (path in the archive → content, mode 0644), as a release bundles its packages.</summary>
    public static byte[] Tarball(IReadOnlyDictionary<string, byte[]> entries)
    {
        var folder = Directory.CreateTempSubdirectory("flix-upstream-debs-").FullName;
        try
        {
            var tree = Path.Combine(folder, "tree");
            foreach (var (path, content) in entries)
            {
                var file = Path.Combine(tree, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, content);
            }

            var tarball = Path.Combine(folder, "out.tar.gz");
            var tops = entries.Keys.Select(path => path.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            ProcessRunner.RunCheckedAsync("tar", ["-czf", tarball, "--owner=0", "--group=0", "--numeric-owner", "-C", tree, .. tops]).GetAwaiter().GetResult();
            return File.ReadAllBytes(tarball);
        }
        finally
        {
            TreeRemover.Delete(folder);
        }
    }

    private static bool IsProgram(byte[] content) =>
        content.AsSpan().StartsWith("#!"u8) || content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']);
}
