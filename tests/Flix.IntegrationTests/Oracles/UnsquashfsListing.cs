using System.Globalization;
using System.Text.RegularExpressions;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Oracles;

/// <summary>The listing oracle: squashfs-tools' own reading of an image, set against lstat of the source.</summary>
public static partial class UnsquashfsListing
{
    private const string RootName = "squashfs-root";

    /// <summary>Runs <c>unsquashfs -lln IMAGE</c> (in UTC) and parses every line.</summary>
    public static async Task<IReadOnlyDictionary<string, ListingEntry>> ReadAsync(string image, CancellationToken ct = default)
    {
        var result = await ProcessRunner.RunAsync("unsquashfs", ["-lln", image], ct: ct);
        result.EnsureSuccess();
        return Parse(result.StandardOutput);
    }

    public static IReadOnlyDictionary<string, ListingEntry> Parse(string output)
    {
        var entries = new SortedDictionary<string, ListingEntry>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                throw new InvalidDataException($"Unexpected unsquashfs -lln line: '{line}'.");
            }

            string modeString = match.Groups["mode"].Value;
            string name = match.Groups["name"].Value;
            string? target = null;
            if (modeString[0] == 'l')
            {
                int arrow = name.IndexOf(" -> ", StringComparison.Ordinal);
                if (arrow < 0)
                {
                    throw new InvalidDataException($"A symlink line without a target: '{line}'.");
                }

                target = name[(arrow + 4)..];
                name = name[..arrow];
            }

            string path = name == RootName ? string.Empty
                : name.StartsWith(RootName + "/", StringComparison.Ordinal) ? name[(RootName.Length + 1)..]
                : throw new InvalidDataException($"A listed path outside '{RootName}': '{line}'.");
            string sizeOrDevice = match.Groups["major"].Success
                ? $"{match.Groups["major"].Value},{match.Groups["minor"].Value}"
                : match.Groups["size"].Value;
            entries.Add(path, new ListingEntry(
                path,
                modeString,
                uint.Parse(match.Groups["uid"].Value, CultureInfo.InvariantCulture),
                uint.Parse(match.Groups["gid"].Value, CultureInfo.InvariantCulture),
                sizeOrDevice,
                match.Groups["time"].Value,
                target));
        }

        return entries;
    }

    /// <summary>
    /// What <c>unsquashfs -lln</c> must print for <paramref name="source"/>. Directory sizes are the image's
    /// own (directory table bytes) and so are left as "*"; every other field is exact.
    /// </summary>
    public static IReadOnlyDictionary<string, ListingEntry> Expected(TreeSnapshot source, ImageExpectation expectation)
    {
        var entries = new SortedDictionary<string, ListingEntry>(StringComparer.Ordinal);
        foreach (var (path, e) in source.Entries)
        {
            string size = e.Type switch
            {
                'd' => "*",
                'b' or 'c' => $"{e.DeviceMajor},{e.DeviceMinor}",
                'p' or 's' => "0",
                _ => e.Size.ToString(CultureInfo.InvariantCulture),
            };
            string time = DateTimeOffset.FromUnixTimeSeconds(expectation.MapTime(e.ModificationTime)).UtcDateTime
                .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            entries.Add(path, new ListingEntry(path, ModeString(e.Type, e.Permissions), expectation.MapUid(e.Uid), expectation.MapGid(e.Gid), size, time, e.LinkTarget));
        }

        return entries;
    }

    /// <summary>ls-style mode string: type letter, then rwx triplets with s/S, s/S and t/T for the special bits.</summary>
    public static string ModeString(char type, uint permissions)
    {
        var chars = new char[10];
        chars[0] = type switch { 'f' => '-', 'd' => 'd', 'l' => 'l', 'b' => 'b', 'c' => 'c', 'p' => 'p', 's' => 's', _ => '?' };
        const string rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++)
        {
            chars[i + 1] = (permissions & (1u << (8 - i))) != 0 ? rwx[i] : '-';
        }

        Special(3, 0x800, 's');
        Special(6, 0x400, 's');
        Special(9, 0x200, 't');
        return new string(chars);

        void Special(int index, uint bit, char letter)
        {
            if ((permissions & bit) != 0)
            {
                chars[index] = chars[index] == 'x' ? letter : char.ToUpperInvariant(letter);
            }
        }
    }

    /// <summary>Every difference between the expected and actual listings, except the paths the builder adds.</summary>
    public static List<string> Compare(
        IReadOnlyDictionary<string, ListingEntry> expected,
        IReadOnlyDictionary<string, ListingEntry> actual,
        ImageExpectation expectation)
    {
        var differences = new List<string>();
        foreach (var (path, want) in expected)
        {
            if (!actual.TryGetValue(path, out var got))
            {
                differences.Add($"missing from the listing: {want}");
                continue;
            }

            var wantAdjusted = want.SizeOrDevice == "*" || got.SizeOrDevice == ListedDevice(want)
                ? want with { SizeOrDevice = got.SizeOrDevice }
                : want;
            if (wantAdjusted != got)
            {
                differences.Add($"listed as   {got}{Environment.NewLine}    expected {wantAdjusted}");
            }
        }

        foreach (var (path, got) in actual)
        {
            if (!expected.ContainsKey(path) && !expectation.IsAdded(path))
            {
                differences.Add($"not in the source: {got}");
            }
        }

        return differences;
    }

    /// <summary>
    /// How unsquashfs 4.5 lists a device whose numbers need the split encoding: it prints the stored 32-bit
    /// value as (rdev &gt;&gt; 8),(rdev &amp; 0xff), so 259,70000 (stored 0x11110370) shows as 1118467,112.
    /// Extraction and the kernel decode it correctly; the listing is still exact about what was stored.
    /// Null for anything but a device.
    /// </summary>
    public static string? ListedDevice(ListingEntry entry)
    {
        if (entry.ModeString[0] is not ('b' or 'c'))
        {
            return null;
        }

        var parts = entry.SizeOrDevice.Split(',');
        uint major = uint.Parse(parts[0], CultureInfo.InvariantCulture);
        uint minor = uint.Parse(parts[1], CultureInfo.InvariantCulture);
        uint stored = (minor & 0xFF) | (major << 8) | ((minor & ~0xFFu) << 12);
        return $"{stored >> 8},{stored & 0xFF}";
    }

    [GeneratedRegex(@"^(?<mode>[-dlbcps][-rwxsStT]{9}) (?<uid>\d+)/(?<gid>\d+) +(?:(?<major>\d+), *(?<minor>\d+)|(?<size>\d+)) (?<time>\d{4}-\d\d-\d\d \d\d:\d\d) (?<name>.+)$")]
    private static partial Regex LinePattern();
}
