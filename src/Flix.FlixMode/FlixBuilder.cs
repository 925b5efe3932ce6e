using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.FlixMode;

/// <summary>
/// Makes a Flix mode extension from an image's tree: each entry is copied to its target (sbin programs to /usr/bin),
/// the libraries every copied ELF file needs are found as the image's loader would and copied flat into SYSROOT/lib
/// with the loader, and every copied ELF file is patched in one rewrite (interpreter → the private loader, RUNPATH →
/// SYSROOT/lib, DF_1_NODEFLIB), so that the programs run on any host with the image's own C library. A closure check
/// on the result proves every library resolves inside the extension.
/// </summary>
public static class FlixBuilder
{
    /// <summary>Builds the extension tree from <paramref name="rootfs"/> (the image's model; its files are read from disk).</summary>
    /// <exception cref="SysextLayoutException">A needed library is missing from the image or the closure check failed; every finding is listed.</exception>
    public static Task<FlixResult> BuildAsync(FileTree rootfs, FlixOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        // The work is CPU-bound reading and rewriting in memory; it runs on the pool so a caller's loop stays free.
        return Task.Run(() => new FlixBuildSession(rootfs, options, cancellationToken).Build(), cancellationToken);
    }
}
