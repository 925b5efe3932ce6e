using System.Globalization;
using System.Security.Cryptography;

namespace Flix.Pipeline.Tests.Support;

/// <summary>Every entry of a folder (links not followed): type, mode, size, mtime, link target, content hash.</summary>
internal static class DirectorySnapshot
{
    public static List<string> Take(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            string kind = info.LinkTarget is not null ? "link " + info.LinkTarget
                : Directory.Exists(path) ? $"dir {(int)new DirectoryInfo(path).UnixFileMode}"
                : $"file {(int)info.UnixFileMode} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(root, path)} {kind} {info.LastWriteTimeUtc.Ticks}"));
        }

        return lines;
    }
}
