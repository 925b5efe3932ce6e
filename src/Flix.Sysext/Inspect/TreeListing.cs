using System.Globalization;

namespace Flix.Sysext.Inspect;

/// <summary>
/// The lines of <c>flix inspect --tree</c>: the columns of <c>unsquashfs -lls</c> (mode, user/group, size or
/// major,minor, local mtime, path, -> target), depth first in byte order, the root first as "/".
/// </summary>
public static class TreeListing
{
    /// <summary>unsquashfs pads user/group and size (or device numbers) to this many characters together.</summary>
    private const int OwnerAndSizeWidth = 27;

    /// <summary>The device column is "%3d,%3d" after the padding.</summary>
    private const int DeviceWidth = 7;

    public static IEnumerable<string> Lines(InspectedEntry root, IReadOnlyList<InspectedEntry> entries, AccountNames names, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(zone);
        yield return Line(root, names, zone);
        foreach (var entry in entries.OrderBy(e => e.Path, PathOrder.Instance))
        {
            yield return Line(entry, names, zone);
        }
    }

    private static string Line(InspectedEntry entry, AccountNames names, TimeZoneInfo zone)
    {
        string owner = names.User(entry.Uid) + "/" + names.Group(entry.Gid);
        int width = OwnerAndSizeWidth - owner.Length;
        string size = entry.IsDevice
            ? new string(' ', Math.Max(0, width - DeviceWidth)) + $"{entry.DeviceMajor,3},{entry.DeviceMinor,3}"
            : Pad(entry.Size.ToString(CultureInfo.InvariantCulture), width);
        var time = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(entry.ModificationTime), zone);
        string path = "/" + entry.Path;
        string target = entry.LinkTarget is null ? string.Empty : " -> " + entry.LinkTarget;
        return $"{entry.ModeString} {owner}{size} {time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {path}{target}";
    }

    /// <summary>printf's "%*d": right-aligned in <paramref name="width"/>, left-aligned in -width when negative.</summary>
    private static string Pad(string text, int width) => width >= 0 ? text.PadLeft(width) : text.PadRight(-width);

    /// <summary>Depth first: a directory's entries come right after it, siblings in UTF-8 byte order.</summary>
    private sealed class PathOrder : IComparer<string>
    {
        public static readonly PathOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? string.Empty).Split('/');
            var b = (y ?? string.Empty).Split('/');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int order = Flix.Core.Tree.Utf8OrdinalComparer.Instance.Compare(a[i], b[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
