namespace Flix.Install.Packages;

/// <summary>Finds an image's package database and the packages a named one stands for.</summary>
public static class PackageDatabase
{
    /// <summary>The package database of <paramref name="rootfs"/> (dpkg, apk or rpm's sqlite), or null when it has none Flix reads itself.</summary>
    public static IPackageDatabase? Open(string rootfs)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        return DpkgDatabase.Open(rootfs) ?? ApkDatabase.Open(rootfs) ?? (IPackageDatabase?)RpmDatabase.Open(rootfs);
    }

    /// <summary>
    /// <paramref name="name"/> and the packages of the same source it depends on, directly or through each other: a
    /// transitional or meta package such as Debian's nginx-light stands for nginx (the program) and nginx-common (its
    /// unit and configuration). Null when <paramref name="name"/> is not installed.
    /// </summary>
    public static IReadOnlyList<InstalledPackage>? Family(IPackageDatabase database, string name)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(name);
        if (database.Find(name) is not { } first)
        {
            return null;
        }

        var family = new List<InstalledPackage> { first };
        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        for (int i = 0; i < family.Count; i++)
        {
            foreach (var dependency in family[i].Depends)
            {
                if (seen.Add(dependency) && database.Find(dependency) is { } package && package.Source == first.Source)
                {
                    family.Add(package);
                }
            }
        }

        return family;
    }
}
