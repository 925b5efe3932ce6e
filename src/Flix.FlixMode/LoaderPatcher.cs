using System.Text;

namespace Flix.FlixMode;

/// <summary>
/// The same-length string edits that keep a bundled glibc private on the host: the loader's cache and preload files
/// pointed under /dev/null/ (a path that can never exist, so host libraries listed in the host's cache never bind),
/// and libc's gconv folder pointed at the sysroot's copy.
/// </summary>
public static class LoaderPatcher
{
    /// <summary>glibc's loader cache path (sysdeps/generic/dl-cache.h).</summary>
    public const string CachePath = "/etc/ld.so.cache";

    /// <summary>glibc's preload list (elf/rtld.c), honoured even for set-uid programs.</summary>
    public const string PreloadPath = "/etc/ld.so.preload";

    /// <summary>The folder no file can be under: /dev/null is a character device.</summary>
    public const string NowherePrefix = "/dev/null/";

    /// <summary>The file libc reads for the gconv module list when it exists (iconv/iconvconfig.h).</summary>
    public const string GconvCacheName = "gconv-modules.cache";

    /// <summary>Points the cache and preload paths of the glibc loader <paramref name="loader"/> under /dev/null/; each must occur once.</summary>
    public static void NeutraliseCacheAndPreload(Span<byte> loader, string fileName)
    {
        SameLengthStringPatcher.ReplaceExactlyOnce(loader, CachePath, Nowhere(CachePath), fileName);
        SameLengthStringPatcher.ReplaceExactlyOnce(loader, PreloadPath, Nowhere(PreloadPath), fileName);
    }

    /// <summary><paramref name="path"/> moved under /dev/null/ at the same length: /etc/ld.so.cache → /dev/null/.cache.</summary>
    public static string Nowhere(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int keep = Encoding.UTF8.GetByteCount(path) - NowherePrefix.Length;
        if (keep < 1)
        {
            throw new ArgumentException($"The path '{path}' is too short to move under {NowherePrefix}.", nameof(path));
        }

        return NowherePrefix + path[^keep..];
    }

    /// <summary>
    /// The gconv folder libc <paramref name="libc"/> was built with: the first of <paramref name="candidates"/> that it
    /// holds as a whole string; null when none.
    /// </summary>
    public static string? FindGconvDirectory(ReadOnlySpan<byte> libc, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            if (SameLengthStringPatcher.Count(libc, candidate) == 1)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The private gconv folder for <paramref name="sysroot"/> that fits in the <paramref name="original"/> string:
    /// SYSROOT/gconv, else SYSROOT/g; null when even that is longer.
    /// </summary>
    public static string? PrivateGconvDirectory(string sysroot, string original)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        ArgumentNullException.ThrowIfNull(original);
        int room = Encoding.UTF8.GetByteCount(original);
        foreach (var candidate in new[] { sysroot + "/gconv", sysroot + "/g" })
        {
            if (Encoding.UTF8.GetByteCount(candidate) <= room)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Points libc's gconv folder <paramref name="original"/> and its cache file at <paramref name="replacement"/>,
    /// slash-padded to the same length (the folder string must occur once, the cache string at most once).
    /// </summary>
    public static void RedirectGconv(Span<byte> libc, string original, string replacement, string fileName)
    {
        string padded = SameLengthStringPatcher.SlashPad(replacement, Encoding.UTF8.GetByteCount(original));
        SameLengthStringPatcher.ReplaceExactlyOnce(libc, original, padded, fileName);
        string cache = original + "/" + GconvCacheName;
        if (SameLengthStringPatcher.Count(libc, cache) > 0)
        {
            SameLengthStringPatcher.ReplaceExactlyOnce(libc, cache, padded + "/" + GconvCacheName, fileName);
        }
    }
}
