using System.Globalization;
using System.Text;

namespace Flix.TestSupport.Trees;

/// <summary>
/// Everything observable about a directory tree, taken with find(1), stat(1), sha256sum(1) and getfattr(1)
/// without following symlinks: types, permission bits, owners, sizes, mtimes, inodes and link counts, symlink
/// targets, device numbers, content hashes and xattrs. The shell function writes the files (on the host or inside
/// a private namespace, so both sides are seen by the same tools); <see cref="Read"/> parses them.
/// Shared by every test project that compares trees.
/// </summary>
public static class TreeListingFiles
{
    /// <summary>
    /// Shell function <c>snapshot DIR OUTPREFIX</c>: writes OUTPREFIX.find, .dev, .sha256 and .xattr.
    /// Every record is NUL-separated so that any name survives.
    /// </summary>
    public const string ShellFunction = """
        snapshot() {
          ( cd "$1" &&
            find . -printf '%y\0%m\0%U\0%G\0%s\0%T@\0%i\0%n\0%l\0%P\0' > "$2.find" &&
            find . \( -type b -o -type c \) -exec stat --printf '%t\0%T\0%n\0' {} + > "$2.dev" &&
            find . -type f -print0 | xargs -0 -r sha256sum -z > "$2.sha256" &&
            getfattr -R -P -h -d -m - -e hex . > "$2.xattr" 2> "$2.xattr-errors"
          )
        }
        """;

    private const int FindFields = 10;

    /// <summary>Reads the files written by <see cref="ShellFunction"/> under <paramref name="prefix"/>.</summary>
    public static SortedDictionary<string, TreeEntry> Read(string prefix)
    {
        var raw = File.ReadAllBytes(prefix + ".find");
        var fields = SplitNul(raw);
        if (fields.Count % FindFields != 0)
        {
            throw new InvalidDataException($"'{prefix}.find' has {fields.Count} fields, not a multiple of {FindFields}.");
        }

        var devices = ReadDevices(prefix + ".dev");
        var hashes = ReadHashes(prefix + ".sha256");
        var xattrs = ReadXattrs(prefix + ".xattr");
        var entries = new SortedDictionary<string, TreeEntry>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Count; i += FindFields)
        {
            string path = fields[i + 9];
            char type = fields[i][0];
            var (major, minor) = devices.GetValueOrDefault(path);
            entries.Add(path, new TreeEntry
            {
                Path = path,
                Type = type,
                Permissions = Convert.ToUInt32(fields[i + 1], 8),
                Uid = uint.Parse(fields[i + 2], CultureInfo.InvariantCulture),
                Gid = uint.Parse(fields[i + 3], CultureInfo.InvariantCulture),
                Size = long.Parse(fields[i + 4], CultureInfo.InvariantCulture),
                ModificationTime = long.Parse(fields[i + 5].Split('.')[0], CultureInfo.InvariantCulture),
                Inode = ulong.Parse(fields[i + 6], CultureInfo.InvariantCulture),
                LinkCount = uint.Parse(fields[i + 7], CultureInfo.InvariantCulture),
                LinkTarget = type == 'l' ? fields[i + 8] : null,
                DeviceMajor = major,
                DeviceMinor = minor,
                ContentHash = type == 'f'
                    ? hashes.TryGetValue(path, out var hash) ? hash : throw new InvalidDataException($"No sha256 for the regular file '{path}'.")
                    : null,
                Xattrs = xattrs.TryGetValue(path, out var attributes) ? attributes : new SortedDictionary<string, string>(StringComparer.Ordinal),
            });
        }

        return entries;
    }

    public static void DeleteFiles(string prefix)
    {
        foreach (var suffix in new[] { ".find", ".dev", ".sha256", ".xattr", ".xattr-errors" })
        {
            File.Delete(prefix + suffix);
        }
    }

    /// <summary>Paths of non-directories that share an inode, as sorted groups "a = b" of two or more.</summary>
    public static IReadOnlyList<string> HardLinkGroups(IEnumerable<TreeEntry> entries) =>
        entries
            .Where(e => e.Type != 'd')
            .GroupBy(e => e.Inode)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(e => e.Path).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static Dictionary<string, (uint, uint)> ReadDevices(string file)
    {
        var fields = SplitNul(File.ReadAllBytes(file));
        var devices = new Dictionary<string, (uint, uint)>(StringComparer.Ordinal);
        for (int i = 0; i + 2 < fields.Count; i += 3)
        {
            devices[StripDot(fields[i + 2])] = (
                uint.Parse(fields[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                uint.Parse(fields[i + 1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        return devices;
    }

    private static Dictionary<string, string> ReadHashes(string file)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in SplitNul(File.ReadAllBytes(file)))
        {
            // "HASH  ./path" (binary-mode marker '*' or text-mode ' ' after the two-space split)
            if (record.Length < 67 || record[64] != ' ')
            {
                throw new InvalidDataException($"Unexpected sha256sum record '{record}'.");
            }

            hashes[StripDot(record[66..])] = record[..64];
        }

        return hashes;
    }

    /// <summary>Parses getfattr's dump: "# file: PATH" then "name=0xHEX" lines; octal escapes in names decoded.</summary>
    private static Dictionary<string, SortedDictionary<string, string>> ReadXattrs(string file)
    {
        var result = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        SortedDictionary<string, string>? current = null;
        foreach (var line in File.ReadAllLines(file, Encoding.Latin1))
        {
            if (line.StartsWith("# file: ", StringComparison.Ordinal))
            {
                string path = StripDot(DecodeEscapes(line["# file: ".Length..]));
                current = new SortedDictionary<string, string>(StringComparer.Ordinal);
                result[path] = current;
            }
            else if (line.Length > 0 && current is not null)
            {
                int equals = line.IndexOf('=', StringComparison.Ordinal);
                string name = DecodeEscapes(equals < 0 ? line : line[..equals]);
                current[name] = equals < 0 ? string.Empty : line[(equals + 1)..];
            }
        }

        return result;
    }

    /// <summary>getfattr writes bytes outside printable ASCII as \ooo; the file is read as Latin-1 so every byte is one char.</summary>
    private static string DecodeEscapes(string latin1)
    {
        var bytes = new List<byte>(latin1.Length);
        for (int i = 0; i < latin1.Length; i++)
        {
            if (latin1[i] == '\\' && IsOctal(latin1, i + 1))
            {
                bytes.Add(Convert.ToByte(latin1.Substring(i + 1, 3), 8));
                i += 3;
            }
            else if (latin1[i] == '\\' && i + 1 < latin1.Length && latin1[i + 1] == '\\')
            {
                bytes.Add((byte)'\\');
                i++;
            }
            else
            {
                bytes.Add((byte)latin1[i]);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.AsSpan(start, 3).ContainsAnyExceptInRange('0', '7') is false;

    private static string StripDot(string path) =>
        path == "." ? string.Empty : path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;

    private static List<string> SplitNul(byte[] raw)
    {
        var fields = new List<string>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == 0)
            {
                fields.Add(Encoding.UTF8.GetString(raw, start, i - start));
                start = i + 1;
            }
        }

        if (start != raw.Length)
        {
            throw new InvalidDataException("A NUL-separated listing does not end with NUL.");
        }

        return fields;
    }
}
