using Flix.Core.Interop;

namespace Flix.Core.Tree;

/// <summary>
/// Removes a directory tree that Flix made (a staging root, a scratch folder), also when it holds read-only
/// directories. It never follows a symlink: every entry is examined with lstat, only real directories are
/// entered or made writable, and links are unlinked themselves. An unpacked image holds links such as
/// var/run -> /run or escape -> ../../.., so anything that follows links here would reach the host. Nor does it
/// cross a mount point: a folder or file that is the root of a mount (a bind mount of the host's /dev left by a
/// crashed tool, a tmpfs) stops the removal with an error before anything at or below it is changed.
/// </summary>
public static class TreeRemover
{
    private const uint OwnerAll = 0x1C0; // 0700
    private const ulong MountRootAttribute = 0x2000; // STATX_ATTR_MOUNT_ROOT

    /// <summary>Removes <paramref name="path"/> and everything below it; a missing path is fine, a symlink is unlinked.</summary>
    public static void Delete(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsRealDirectory(path, out bool exists))
        {
            if (exists)
            {
                File.Delete(path);
            }

            return;
        }

        DeleteDirectory(path);
    }

    /// <summary>Like <see cref="Delete"/>, but reports nothing: for clean-up after another failure.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void DeleteDirectory(string directory)
    {
        // Owner rwx so entries can be listed and removed, also by an unprivileged caller.
        _ = Libc.ChMod(directory, OwnerAll);
        foreach (var child in Directory.EnumerateFileSystemEntries(directory))
        {
            if (IsRealDirectory(child, out bool exists))
            {
                DeleteDirectory(child);
            }
            else if (exists)
            {
                File.Delete(child); // unlink: a symlink goes, its target stays
            }
        }

        Directory.Delete(directory, recursive: false);
    }

    /// <summary>Whether <paramref name="path"/> is a directory (not a link to one); throws when it is the root of a mount.</summary>
    private static bool IsRealDirectory(string path, out bool exists)
    {
        exists = Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var stat) == 0;
        if (exists && (stat.AttributesMask & stat.Attributes & MountRootAttribute) != 0)
        {
            throw new IOException($"Cannot delete '{path}': something is mounted there. Unmount it first; nothing at or below it was changed.");
        }

        return exists && (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory;
    }
}
