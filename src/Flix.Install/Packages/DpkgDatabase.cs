namespace Flix.Install.Packages;

/// <summary>
/// dpkg's database: <c>/var/lib/dpkg/status</c> (a stanza per package: Package, Status, Architecture, Multi-Arch,
/// Source, Depends, Conffiles) and <c>/var/lib/dpkg/info/PACKAGE.list</c> (or <c>PACKAGE:ARCH.list</c> for
/// Multi-Arch: same), one path per line.
/// </summary>
public sealed class DpkgDatabase : IPackageDatabase
{
    public const string StatusPath = "/var/lib/dpkg/status";
    private const string InfoFolder = "/var/lib/dpkg/info";

    private readonly string _rootfs;
    private readonly Dictionary<string, ControlStanza> _installed;

    private DpkgDatabase(string rootfs, Dictionary<string, ControlStanza> installed)
    {
        _rootfs = rootfs;
        _installed = installed;
    }

    public string Kind => "dpkg";

    /// <summary>The database of <paramref name="rootfs"/>, or null when it has no dpkg status file.</summary>
    public static DpkgDatabase? Open(string rootfs)
    {
        if (ImageFile.Locate(rootfs, StatusPath) is not { } status)
        {
            return null;
        }

        var installed = new Dictionary<string, ControlStanza>(StringComparer.Ordinal);
        foreach (var stanza in ControlStanza.ParseAll(ImageFile.ReadText(status, StatusPath), StatusPath))
        {
            if (stanza.Get("Package") is { Length: > 0 } name && stanza.Get("Status") is { } state && state.EndsWith(" installed", StringComparison.Ordinal))
            {
                installed.TryAdd(name, stanza);
            }
        }

        return new DpkgDatabase(rootfs, installed);
    }

    public InstalledPackage? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_installed.TryGetValue(name, out var stanza))
        {
            return null;
        }

        string arch = stanza.Get("Architecture") ?? string.Empty;
        bool multiArch = stanza.Get("Multi-Arch") == "same";
        string listName = multiArch ? $"{name}:{arch}.list" : $"{name}.list";
        if (ValidFileName(listName) is false)
        {
            throw new PackageDatabaseException($"The package name '{name}' in the image's {StatusPath} cannot name a file.");
        }

        string listPath = $"{InfoFolder}/{listName}";
        var files = new List<string>();
        if (ImageFile.Locate(_rootfs, listPath) is { } list)
        {
            foreach (var line in ImageFile.ReadText(list, listPath).Split('\n'))
            {
                if (line.StartsWith('/') && line != "/.")
                {
                    files.Add(line);
                }
            }
        }

        string source = stanza.Get("Source") is { Length: > 0 } s ? s.Split(' ')[0] : name;
        var conffiles = (stanza.Get("Conffiles") ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split(' ')[0]).Where(path => path.StartsWith('/')).ToList();
        return new InstalledPackage
        {
            Name = name,
            Version = stanza.Get("Version") ?? string.Empty,
            Source = source,
            Depends = ControlStanza.PackageNames(stanza.Get("Pre-Depends")).Concat(ControlStanza.PackageNames(stanza.Get("Depends"))).Distinct(StringComparer.Ordinal).ToList(),
            Files = files,
            ConfigFiles = conffiles,
        };
    }

    private static bool ValidFileName(string name) => !name.Contains('/', StringComparison.Ordinal) && name is not ("." or "..") && !name.Contains('\0', StringComparison.Ordinal);
}
