using System.Text;
using Flix.Core;

namespace Flix.FlixMode;

/// <summary>
/// Rewrites NUL-terminated strings inside a binary in place, keeping every length and offset: the way compiled-in
/// paths of a C library or loader (its cache file, its gconv folder) are pointed elsewhere without relinking.
/// </summary>
public static class SameLengthStringPatcher
{
    /// <summary>
    /// Replaces every occurrence of <paramref name="oldValue"/> that is a whole NUL-delimited string (a NUL or the
    /// start of the data before it, a NUL after it) by <paramref name="newValue"/>, which must have the same length.
    /// </summary>
    /// <returns>How many strings were replaced.</returns>
    public static int Replace(Span<byte> data, string oldValue, string newValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldValue);
        ArgumentNullException.ThrowIfNull(newValue);
        byte[] oldBytes = Encoding.UTF8.GetBytes(oldValue);
        byte[] newBytes = Encoding.UTF8.GetBytes(newValue);
        if (oldBytes.Length != newBytes.Length)
        {
            throw new ArgumentException(
                $"The replacement '{newValue}' ({newBytes.Length} bytes) must be as long as '{oldValue}' ({oldBytes.Length} bytes).", nameof(newValue));
        }

        int count = 0;
        foreach (int offset in Find(data, oldBytes))
        {
            newBytes.CopyTo(data[offset..]);
            count++;
        }

        return count;
    }

    /// <summary>How many whole NUL-delimited strings equal <paramref name="value"/>.</summary>
    public static int Count(ReadOnlySpan<byte> data, string value) => Find(data, Encoding.UTF8.GetBytes(value)).Count;

    /// <summary>
    /// Replaces the single whole-string occurrence of <paramref name="oldValue"/>; throws when there is not exactly
    /// one, since a different count means a build of the binary this patch was not made for.
    /// </summary>
    public static void ReplaceExactlyOnce(Span<byte> data, string oldValue, string newValue, string fileName)
    {
        int found = Count(data, oldValue);
        if (found != 1)
        {
            throw new FlixException($"'{fileName}' holds the string '{oldValue}' {found} times, not once; it is not a build Flix knows how to patch.");
        }

        Replace(data, oldValue, newValue);
    }

    /// <summary>
    /// <paramref name="path"/> made exactly <paramref name="length"/> bytes long by doubling the slash before its last
    /// part (<c>/usr/local/x/gconv</c> → <c>/usr/local/x////gconv</c>), which names the same folder. Throws when the
    /// path is already longer than <paramref name="length"/>.
    /// </summary>
    public static string SlashPad(string path, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > length)
        {
            throw new ArgumentException($"The path '{path}' ({bytes} bytes) is longer than the {length} bytes available.", nameof(path));
        }

        int lastSlash = path.LastIndexOf('/');
        if (lastSlash < 0)
        {
            throw new ArgumentException($"The path '{path}' has no '/' to pad.", nameof(path));
        }

        return path[..lastSlash] + new string('/', length - bytes) + path[lastSlash..];
    }

    private static List<int> Find(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value)
    {
        var found = new List<int>();
        int start = 0;
        while (start <= data.Length - value.Length)
        {
            int index = data[start..].IndexOf(value);
            if (index < 0)
            {
                break;
            }

            int offset = start + index;
            int end = offset + value.Length;
            if ((offset == 0 || data[offset - 1] == 0) && end < data.Length && data[end] == 0)
            {
                found.Add(offset);
            }

            start = offset + 1;
        }

        return found;
    }
}
