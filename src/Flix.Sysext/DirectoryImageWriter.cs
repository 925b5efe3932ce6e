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
    public static async Task WriteAsync(FileTree tree, string targetPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        string target = Path.GetFullPath(targetPath);
        bool replace = Path.Exists(target);
        if (replace && (!Directory.Exists(target) || new FileInfo(target).LinkTarget is not null))
        {
            throw new IOException($"'{target}' exists and is not a directory; remove it to write the extension directory there.");
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
            TemporaryTree.Delete(temporary);
        }
    }
}
