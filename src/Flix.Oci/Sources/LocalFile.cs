using Flix.Core.Interop;

namespace Flix.Oci.Sources;

/// <summary>Opens files of local image sources, refusing anything but regular files (a FIFO or device would hang or never end).</summary>
internal static class LocalFile
{
    public static FileStream OpenRegular(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Libc.Statx(Libc.AtFdCwd, path, 0, Libc.StatxBasicStats, out var status) != 0)
            {
                throw new FileNotFoundException($"Cannot read {path}: {Libc.LastErrorText()}.", path);
            }

            if ((status.Mode & Libc.FileTypeMask) != Libc.FileTypeRegular)
            {
                throw new InvalidDataException($"{path} is not a regular file.");
            }
        }

        return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
    }
}
