using Flix.Core.Interop;

namespace Flix.Sysext;

/// <summary>Removes a staging directory tree, also when it holds read-only directories.</summary>
internal static class TemporaryTree
{
    public static void Delete(string path)
    {
        try
        {
            if (!Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                AtomicFile.TryDelete(path);
                return;
            }

            MakeWritable(path);
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void MakeWritable(string directory)
    {
        _ = Libc.ChMod(directory, 0x1C0); // 0700: entries can be removed even as an unprivileged caller
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (new FileInfo(child).LinkTarget is null)
            {
                MakeWritable(child);
            }
        }
    }
}
