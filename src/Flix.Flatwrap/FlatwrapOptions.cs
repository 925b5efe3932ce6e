using Flix.Sysext;
using Flix.Sysext.Entries;

namespace Flix.Flatwrap;

/// <summary>What <see cref="FlatwrapBuilder"/> makes of a rootfs: the entry points and how the private root is put together.</summary>
public sealed record FlatwrapOptions
{
    /// <summary>The chroot folders the bakery binds by default.</summary>
    public static IReadOnlyList<string> DefaultChrootDirectories { get; } = ["/usr", "/lib", "/lib64", "/bin", "/sbin"];

    /// <summary>The host folders the bakery binds by default (besides /etc, /var and /home when they map to the host).</summary>
    public static IReadOnlyList<string> DefaultHostDirectories { get; } = ["/dev", "/proc", "/sys", "/run", "/tmp", "/var/tmp"];

    /// <summary>The extension name: the rootfs goes to /usr/local/NAME.</summary>
    public required string Name { get; init; }

    /// <summary>The entry points; empty means the program NAME found in the image's usual program folders.</summary>
    public IReadOnlyList<EntryPoint> Entries { get; init; } = [];

    public FolderMapping Etc { get; init; } = FolderMapping.Host;

    public FolderMapping Var { get; init; } = FolderMapping.Host;

    public FolderMapping Home { get; init; } = FolderMapping.Host;

    /// <summary>Folders of the image bound into the private root.</summary>
    public IReadOnlyList<string> ChrootDirectories { get; init; } = DefaultChrootDirectories;

    /// <summary>Folders of the host bound into the private root.</summary>
    public IReadOnlyList<string> HostDirectories { get; init; } = DefaultHostDirectories;

    /// <summary>Where the copy of the rootfs lives in the extension: /usr/local/NAME.</summary>
    public string ChrootPath => "/usr/local/" + Name;

    /// <summary>The folder of the helper script and the mount point of the private root: /usr/lib/flatwrap/NAME.</summary>
    public string SupportPath => "/usr/lib/flatwrap/" + Name;

    /// <summary>Every problem with these options, as sentences; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ExtensionName.Validate(Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        foreach (var (folders, what) in new[] { (ChrootDirectories, "chroot"), (HostDirectories, "host") })
        {
            foreach (var folder in folders)
            {
                if (!IsFolderPath(folder))
                {
                    problems.Add($"The {what} folder '{folder}' must be an absolute path below / without '.' or '..' parts.");
                }
            }
        }

        var chroot = ChrootFolders();
        foreach (var folder in HostFolders().Where(chroot.Contains))
        {
            problems.Add($"The folder '{folder}' is named both for the chroot and for the host; choose one.");
        }

        return problems;
    }

    /// <summary>The chroot folders with /etc, /var and /home added as mapped, normalised, without duplicates.</summary>
    public IReadOnlyList<string> ChrootFolders() => Folders(ChrootDirectories, FolderMapping.Chroot);

    /// <summary>The host folders with /etc, /var and /home added as mapped, normalised, without duplicates.</summary>
    public IReadOnlyList<string> HostFolders() => Folders(HostDirectories, FolderMapping.Host);

    private List<string> Folders(IEnumerable<string> given, FolderMapping side)
    {
        var folders = given.Where(IsFolderPath).Select(Normalize).ToList();
        foreach (var (folder, mapping) in new[] { ("/etc", Etc), ("/var", Var), ("/home", Home) })
        {
            if (mapping == side)
            {
                folders.Add(folder);
            }
        }

        return folders.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsFolderPath(string path) =>
        path.StartsWith('/')
        && path.Split('/', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts
        && !parts.Any(part => part is "." or ".." || part.Contains('\0', StringComparison.Ordinal));

    private static string Normalize(string path) => "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
}
