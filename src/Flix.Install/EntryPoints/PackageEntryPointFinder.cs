using Flix.Core.Tree;
using Flix.Install.Packages;
using Flix.Sysext.Entries;
using Flix.Sysext.Units;

namespace Flix.Install.EntryPoints;

/// <summary>
/// Finds the entry points of an installed package from the image's package database: its programs in any bin or sbin
/// folder (executable files, links followed inside the image), its systemd units with the units their <c>Also=</c>
/// names and their drop-ins, and its sysusers.d and tmpfiles.d files, all mapped under /usr. A transitional package
/// stands for the packages of its source it depends on (<see cref="PackageDatabase.Family"/>).
/// </summary>
public static class PackageEntryPointFinder
{
    private const string UnitFolder = "/usr/lib/systemd/system";
    private const int MaxUnitBytes = 1024 * 1024;
    private const uint AnyExecute = 0x49; // 0111

    private static readonly string[] UnitSourceFolders = ["/usr/lib/systemd/system", "/lib/systemd/system", "/etc/systemd/system"];
    private static readonly string[] SystemFileFolders = ["/usr/lib/sysusers.d", "/lib/sysusers.d", "/usr/lib/tmpfiles.d", "/lib/tmpfiles.d"];

    /// <summary>The entry points of <paramref name="name"/>, or null when it is not installed.</summary>
    public static PackageEntryPoints? Find(IPackageDatabase database, FileTree rootfs, string name)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rootfs);
        if (PackageDatabase.Family(database, name) is not { } family)
        {
            return null;
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        var programs = new List<EntryPoint>();
        var units = new List<EntryPoint>();
        var systemFiles = new List<EntryPoint>();
        foreach (var path in family.SelectMany(p => p.Files).Where(PackagePaths.IsPlain).Distinct(StringComparer.Ordinal))
        {
            string folder = ParentOf(path);
            string file = path[(folder.Length + 1)..];
            if (Path.GetFileName(folder) is "bin" or "sbin" && IsProgram(rootfs, path) && TryEntry(path, null) is { } program)
            {
                Add(programs, program);
            }
            else if (UnitSourceFolders.Contains(folder, StringComparer.Ordinal) && UnitFileNames.IsUnitFileName(file) && IsFile(rootfs, path))
            {
                Add(units, TryEntry(path, $"{UnitFolder}/{file}"));
            }
            else if (UnitSourceFolders.Contains(ParentOf(folder), StringComparer.Ordinal) && folder.EndsWith(".d", StringComparison.Ordinal)
                && file.EndsWith(".conf", StringComparison.Ordinal) && IsFile(rootfs, path))
            {
                Add(units, TryEntry(path, $"{UnitFolder}/{Path.GetFileName(folder)}/{file}"));
            }
            else if (SystemFileFolders.Contains(folder, StringComparer.Ordinal) && file.EndsWith(".conf", StringComparison.Ordinal) && IsFile(rootfs, path))
            {
                Add(systemFiles, TryEntry(path, null));
            }
        }

        AddAlsoUnits(rootfs, units, targets);
        var services = units.Select(u => Path.GetFileName(u.Target)).Where(n => n.EndsWith(".service", StringComparison.Ordinal) && !ParentOf(n).EndsWith(".d", StringComparison.Ordinal)).ToList();
        string? main = new[] { name + ".service", family[0].Source + ".service" }.FirstOrDefault(services.Contains)
            ?? (services.Count(s => !s.Contains('@', StringComparison.Ordinal)) == 1 ? services.First(s => !s.Contains('@', StringComparison.Ordinal)) : null);
        return new PackageEntryPoints { Packages = family, Programs = programs, Units = units, SystemFiles = systemFiles, MainService = main };

        void Add(List<EntryPoint> list, EntryPoint? entry)
        {
            if (entry is not null && targets.Add(entry.Target))
            {
                list.Add(entry);
            }
        }
    }

    /// <summary>Adds the units named by the <c>Also=</c> of the units found, wherever in the image's unit folders they are.</summary>
    private static void AddAlsoUnits(FileTree rootfs, List<EntryPoint> units, HashSet<string> targets)
    {
        for (int i = 0; i < units.Count; i++)
        {
            if (!UnitFileNames.IsUnitFileName(Path.GetFileName(units[i].Target)) || ParentOf(units[i].Target) != UnitFolder)
            {
                continue;
            }

            foreach (var also in UnitFileParser.Values(UnitFileParser.Parse(ReadUnit(rootfs, units[i].Source)), "Install", "Also")
                .SelectMany(v => v.Split(' ', '\t'))
                .Where(UnitFileNames.IsValidUnitName))
            {
                string target = $"{UnitFolder}/{also}";
                if (targets.Contains(target))
                {
                    continue;
                }

                foreach (var folder in UnitSourceFolders)
                {
                    if (IsFile(rootfs, $"{folder}/{also}") && TryEntry($"{folder}/{also}", target) is { } entry)
                    {
                        targets.Add(target);
                        units.Add(entry);
                        break;
                    }
                }
            }
        }
    }

    private static string ReadUnit(FileTree rootfs, string path) => ModelText.Read(rootfs, path, MaxUnitBytes);

    private static bool IsProgram(FileTree rootfs, string path) =>
        RootfsPathResolver.Resolve(rootfs, path, followLast: true) is { Node: { Kind: EntryKind.RegularFile } node } && (node.Mode & AnyExecute) != 0;

    private static bool IsFile(FileTree rootfs, string path) =>
        RootfsPathResolver.Resolve(rootfs, path, followLast: true) is { Node.Kind: EntryKind.RegularFile };

    /// <summary>The entry point for <paramref name="path"/> (at <paramref name="target"/>, or where it maps to), or null when it cannot be shipped.</summary>
    private static EntryPoint? TryEntry(string path, string? target)
    {
        try
        {
            return EntryPoint.Parse(target is null ? path : $"{path}:{target}");
        }
        catch (FormatException)
        {
            return null; // outside /usr and /opt without a place given, or a name no entry can have
        }
    }

    private static string ParentOf(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
