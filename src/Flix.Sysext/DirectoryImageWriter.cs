using Flix.Core;
using Flix.Core.IO;
using Flix.Core.Interop;
using Flix.Core.Tree;

namespace Flix.Sysext;

/// <summary>
/// Writes an extension as a plain directory, which systemd-sysext merges like an image: the tree is
/// materialized into a hidden directory beside the target and renamed into place; an existing directory of that
/// name is swapped out atomically and then removed.
/// </summary>
public static class DirectoryImageWriter
{
    /// <param name="sourceDirectory">The folder the tree was read from, if any: it is never replaced, nor any folder holding it.</param>
    public static async Task WriteAsync(FileTree tree, string targetPath, string? sourceDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        string target = Path.GetFullPath(targetPath);
        bool replace = Path.Exists(target);
        if (replace && (!Directory.Exists(target) || new FileInfo(target).LinkTarget is not null))
        {
            throw new IOException($"'{target}' exists and is not a directory; remove it to write the extension directory there.");
        }

        if (replace && sourceDirectory is not null && IsSameOrAncestor(target, sourceDirectory))
        {
            throw new FlixException($"The output directory '{target}' is the source folder '{sourceDirectory}' or holds it; choose another --output.");
        }

        string temporary = AtomicFile.TemporaryPathFor(target);
        try
        {
            await TreeMaterializer.MaterializeAsync(tree, temporary, new TreeMaterializerOptions(), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (replace)
            {
                if (Libc.RenameAt2(Libc.AtFdCwd, temporary, Libc.AtFdCwd, target, Libc.RenameExchange) != 0)
                {
                    throw new IOException($"Cannot replace the directory '{target}': {Libc.LastErrorText()}.");
                }
            }
            else
            {
                Directory.Move(temporary, target);
            }
        }
        finally
        {
            // After an exchange this is the previous directory; after a failure, the partial one.
            TreeRemover.TryDelete(temporary);
        }
    }

    /// <summary>True when <paramref name="candidate"/> is <paramref name="path"/> or one of its real (symlink-resolved) parents.</summary>
    private static bool IsSameOrAncestor(string candidate, string path)
    {
        if (!TryIdentify(candidate, out var wanted))
        {
            return false;
        }

        string current = Path.GetFullPath(path);
        for (int depth = 0; depth < 4096 && TryIdentify(current, out var id); depth++)
        {
            if (id == wanted)
            {
                return true;
            }

            string parent = current + "/..";
            if (!TryIdentify(parent, out var parentId) || parentId == id)
            {
                return false; // reached the root
            }

            current = parent;
        }

        return false;
    }

    private static bool TryIdentify(string path, out (uint Major, uint Minor, ulong Inode) id)
    {
        // Follows symlinks: ".." steps must walk the real parents.
        if (Libc.Statx(Libc.AtFdCwd, path, 0, Libc.StatxBasicStats, out var stat) != 0)
        {
            id = default;
            return false;
        }

        id = (stat.DevMajor, stat.DevMinor, stat.Ino);
        return true;
    }
}
