using System.Text;
using Flix.Install.Sandbox;

namespace Flix.Install.Packages;

/// <summary>Reads a file of an image as hostile input: its path resolved inside the rootfs, its size bounded, errors naming it.</summary>
internal static class ImageFile
{
    /// <summary>The largest database file read (a big distribution's dpkg status is a few MiB).</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The host path of <paramref name="path"/> in <paramref name="rootfs"/> when it is a regular file there, else null.</summary>
    public static string? Locate(string rootfs, string path) =>
        ConfinedPath.Resolve(rootfs, path) is { } host && File.Exists(host) ? host : null;

    /// <summary>The text of <paramref name="hostPath"/> (the image's <paramref name="path"/>), at most <paramref name="maxBytes"/> bytes.</summary>
    public static string ReadText(string hostPath, string path, long maxBytes = MaxBytes)
    {
        try
        {
            using var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (!stream.CanSeek || stream.Length > maxBytes)
            {
                throw new PackageDatabaseException($"The image's {path} is larger than {maxBytes} bytes or not a regular file.");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PackageDatabaseException($"Cannot read the image's {path}: {e.Message}", e);
        }
    }
}
