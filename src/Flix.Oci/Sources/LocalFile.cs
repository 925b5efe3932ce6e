using Flix.Core.Interop;

namespace Flix.Oci.Sources;

/// <summary>Opens files of local image sources, refusing anything but regular files (a FIFO or device would hang or never end).</summary>
internal static class LocalFile
{
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;

    public static FileStream OpenRegular(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Libc.Statx(Libc.AtFdCwd, path, 0, Libc.StatxBasicStats, out var status) != 0)
            {
                throw new FileNotFoundException($"Cannot read {path}: {Libc.LastErrorText()}.", path);
            }

            if ((status.Mode & FileTypeMask) != RegularFile)
            {
                throw new InvalidDataException($"{path} is not a regular file.");
            }
        }

        return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
    }
}
