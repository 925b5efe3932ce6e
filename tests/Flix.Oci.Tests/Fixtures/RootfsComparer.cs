using Flix.TestSupport.Trees;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// Compares two directory trees (an expected rootfs and one produced by a tool) and lists every difference
/// in one readable line each: missing and extra paths, types, modes with suid/sgid/sticky, owners, sizes,
/// symlink targets, content hashes, device numbers, hard-link groups, mtimes and selected xattrs.
/// </summary>
public static class RootfsComparer
{
    public static async Task<IReadOnlyList<string>> CompareAsync(string expectedDirectory, string actualDirectory, RootfsComparison? options = null, CancellationToken ct = default)
    {
        var expected = await TreeSnapshot.TakeAsync(expectedDirectory, ct: ct);
        var actual = await TreeSnapshot.TakeAsync(actualDirectory, ct: ct);
        return Compare(expected, actual, options);
    }

    public static IReadOnlyList<string> Compare(TreeSnapshot expected, TreeSnapshot actual, RootfsComparison? options = null)
    {
        options ??= RootfsComparison.Default;
        var differences = new List<string>();
        foreach (var (path, want) in expected.Entries)
        {
            if (path.Length == 0 && !options.CompareRoot)
            {
                continue;
            }

            if (!actual.Entries.TryGetValue(path, out var found))
            {
                differences.Add($"'{path}' ({Describe(want.Type)}) is missing.");
                continue;
            }

            CompareEntry(want, found, options, differences);
        }

        foreach (var (path, found) in actual.Entries)
        {
            if (!expected.Entries.ContainsKey(path))
            {
                differences.Add($"'{path}' ({Describe(found.Type)}) is there but not expected.");
            }
        }

        var wantGroups = expected.HardLinkGroups();
        var foundGroups = actual.HardLinkGroups();
        foreach (var group in wantGroups.Except(foundGroups))
        {
            differences.Add($"hard-link group {group} is not found (found groups: {Join(foundGroups)}).");
        }

        foreach (var group in foundGroups.Except(wantGroups))
        {
            differences.Add($"hard-link group {group} is not expected (expected groups: {Join(wantGroups)}).");
        }

        return differences;
    }

    /// <summary>The differences as one message, for assertions.</summary>
    public static string Format(IReadOnlyList<string> differences) =>
        differences.Count == 0 ? "no differences" : $"{differences.Count} differences:{Environment.NewLine}" + string.Join(Environment.NewLine, differences.Select(d => "  " + d));

    private static void CompareEntry(TreeEntry want, TreeEntry found, RootfsComparison options, List<string> differences)
    {
        string path = want.Path.Length == 0 ? "/" : want.Path;
        if (want.Type != found.Type)
        {
            differences.Add($"'{path}' is a {Describe(found.Type)}, expected a {Describe(want.Type)}.");
            return;
        }

        // A symlink's mode is always 0777 on Linux and cannot be set; skip it.
        if (want.Type != 'l' && want.Permissions != found.Permissions)
        {
            differences.Add($"'{path}' has mode {Octal(found.Permissions)}, expected {Octal(want.Permissions)}.");
        }

        if (want.Uid != found.Uid || want.Gid != found.Gid)
        {
            differences.Add($"'{path}' is owned by {found.Uid}:{found.Gid}, expected {want.Uid}:{want.Gid}.");
        }

        if (want.Type == 'f' && want.Size != found.Size)
        {
            differences.Add($"'{path}' has {found.Size} bytes, expected {want.Size}.");
        }

        if (want.Type == 'f' && want.ContentHash != found.ContentHash)
        {
            differences.Add($"'{path}' content sha256 is {found.ContentHash}, expected {want.ContentHash}.");
        }

        if (want.Type == 'l' && want.LinkTarget != found.LinkTarget)
        {
            differences.Add($"'{path}' points to '{found.LinkTarget}', expected '{want.LinkTarget}'.");
        }

        if (want.Type is 'b' or 'c' && (want.DeviceMajor != found.DeviceMajor || want.DeviceMinor != found.DeviceMinor))
        {
            differences.Add($"'{path}' is device {found.DeviceMajor}:{found.DeviceMinor}, expected {want.DeviceMajor}:{want.DeviceMinor}.");
        }

        bool mtimeCounts = options.CompareMtimes && !(want.Type == 'd' && options.IgnoreDirectoryMtimes);
        if (mtimeCounts && want.ModificationTime != found.ModificationTime)
        {
            differences.Add($"'{path}' has mtime {found.ModificationTime}, expected {want.ModificationTime}.");
        }

        var wantXattrs = want.Xattrs.Where(x => options.XattrFilter(x.Key)).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var foundXattrs = found.Xattrs.Where(x => options.XattrFilter(x.Key)).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        foreach (var (name, value) in wantXattrs.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            if (!foundXattrs.TryGetValue(name, out var other))
            {
                differences.Add($"'{path}' lacks xattr {name}={value}.");
            }
            else if (other != value)
            {
                differences.Add($"'{path}' has xattr {name}={other}, expected {value}.");
            }
        }

        foreach (var name in foundXattrs.Keys.Except(wantXattrs.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"'{path}' has unexpected xattr {name}={foundXattrs[name]}.");
        }
    }

    private static string Describe(char type) => type switch
    {
        'f' => "file",
        'd' => "directory",
        'l' => "symlink",
        'b' => "block device",
        'c' => "character device",
        'p' => "fifo",
        's' => "socket",
        _ => "type " + type,
    };

    private static string Octal(uint mode) => "0" + Convert.ToString(mode, 8);

    private static string Join(IReadOnlyList<string> groups) => groups.Count == 0 ? "none" : string.Join("; ", groups);
}
