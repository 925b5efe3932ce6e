using System.Globalization;
using System.Text;
using Flix.Core.Tree;
using Flix.Install.Packages;

namespace Flix.Install.HostFiles;

/// <summary>
/// Plans what the host must have in /var and /etc for a package that runs from an extension (a sysext merges only /usr
/// and /opt): for each folder under /var the package owns, a tmpfiles.d <c>d</c> line with the image's mode and owner
/// (a user or group its sysusers.d files create by name, root as root, any other by number); for its files under /etc, a
/// copy under /usr/share/NAME/etc and a <c>C</c> line that copies it into /etc when /etc lacks it — a top folder of its
/// own as one line, single files in shared folders (such as /etc/default) each on their own.
/// </summary>
public static class HostFilesPlanner
{
    /// <summary>Folders every system has or that belong to no one package: never made or seeded whole.</summary>
    private static readonly HashSet<string> SharedFolders = new(StringComparer.Ordinal)
    {
        "/var", "/var/lib", "/var/log", "/var/cache", "/var/spool", "/var/tmp", "/var/mail", "/var/opt", "/var/local", "/var/backups", "/var/run", "/var/lock",
        "/etc", "/etc/default", "/etc/init.d", "/etc/logrotate.d", "/etc/systemd", "/etc/systemd/system", "/etc/cron.d", "/etc/cron.daily", "/etc/ufw",
        "/etc/ufw/applications.d", "/etc/sysctl.d", "/etc/modules-load.d", "/etc/security", "/etc/pam.d", "/etc/profile.d", "/etc/apparmor.d",
    };

    /// <summary>Folders of /etc whose files only make sense to the image's init scripts and package manager.</summary>
    private static readonly string[] SkippedEtc = ["/etc/init.d/", "/etc/rc0.d/", "/etc/rc1.d/", "/etc/rc2.d/", "/etc/rc3.d/", "/etc/rc4.d/", "/etc/rc5.d/", "/etc/rc6.d/", "/etc/rcS.d/", "/etc/systemd/"];

    private const int MaxNameFileBytes = 8 * 1024 * 1024;

    public static HostFilesPlan Plan(IReadOnlyList<InstalledPackage> packages, FileTree rootfs, HostFilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        // Only plain paths: a database line such as /var/../etc would otherwise become a tmpfiles.d line for the host's /etc.
        var owned = new HashSet<string>(packages.SelectMany(p => p.Files).Where(PackagePaths.IsPlain), StringComparer.Ordinal);
        var names = new OwnerNames(rootfs, SysusersNames(rootfs, owned));
        var lines = new List<string>();
        var seeds = new List<(string, TreeNode)>();
        if (options.VarFromHost)
        {
            foreach (var path in owned.Where(p => p.StartsWith("/var/", StringComparison.Ordinal) && !SharedFolders.Contains(p)).Order(StringComparer.Ordinal))
            {
                if (RootfsPathResolver.Resolve(rootfs, path, followLast: false) is { Node: { IsDirectory: true } node })
                {
                    lines.Add($"d {Escape(path)} {Mode(node)} {names.User(node.Uid)} {names.Group(node.Gid)} -");
                }
            }
        }

        if (options.EtcFromHost)
        {
            string seedRoot = $"/usr/share/{options.Name}";
            foreach (var path in EtcSeeds(rootfs, owned))
            {
                var node = RootfsPathResolver.Resolve(rootfs, path, followLast: false)!.Value.Node;
                seeds.Add((seedRoot + path, node));
                lines.Add($"C {Escape(path)} - - - - {Escape(seedRoot + path)}");
            }
        }

        return new HostFilesPlan { TmpfilesPath = $"/usr/lib/tmpfiles.d/flix-{options.Name}.conf", Lines = lines, Seeds = seeds };
    }

    /// <summary>
    /// The /etc paths to seed: a top folder the package owns and no other shares (/etc/nginx) as one, with what its
    /// maintainer scripts added (sites-enabled links), else each of the package's regular files and links on its own.
    /// </summary>
    private static List<string> EtcSeeds(FileTree rootfs, HashSet<string> owned)
    {
        var seeds = new List<string>();
        var wholeFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in owned.Where(p => p.StartsWith("/etc/", StringComparison.Ordinal) && p.Count(c => c == '/') == 2 && !SharedFolders.Contains(p)).Order(StringComparer.Ordinal))
        {
            if (RootfsPathResolver.Resolve(rootfs, path, followLast: false) is { Node.IsDirectory: true })
            {
                wholeFolders.Add(path);
                seeds.Add(path);
            }
        }

        foreach (var path in owned.Where(p => p.StartsWith("/etc/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (SkippedEtc.Any(folder => path.StartsWith(folder, StringComparison.Ordinal)) || wholeFolders.Any(folder => path.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (RootfsPathResolver.Resolve(rootfs, path, followLast: false) is { Node.Kind: EntryKind.RegularFile or EntryKind.Symlink })
            {
                seeds.Add(path);
            }
        }

        return seeds;
    }

    /// <summary>The user and group names the package's sysusers.d files create (<c>u NAME …</c>, <c>g NAME …</c>).</summary>
    private static HashSet<string> SysusersNames(FileTree rootfs, HashSet<string> owned)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in owned.Where(p => p.Contains("/sysusers.d/", StringComparison.Ordinal) && p.EndsWith(".conf", StringComparison.Ordinal)))
        {
            foreach (var line in ReadText(rootfs, path).Split('\n'))
            {
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && fields[0] is "u" or "u!" or "g")
                {
                    names.Add(fields[1]);
                }
            }
        }

        return names;
    }

    private static string ReadText(FileTree rootfs, string path) => ModelText.Read(rootfs, path, MaxNameFileBytes);

    private static string Mode(TreeNode node) => "0" + Convert.ToString(node.Mode & 0xFFF, 8).PadLeft(3, '0');

    /// <summary>A path as one tmpfiles.d field: whitespace and backslashes written as C escapes.</summary>
    private static string Escape(string path)
    {
        var text = new StringBuilder(path.Length);
        foreach (char c in path)
        {
            if (c is ' ' or '\t' or '\\' or '\n' || char.IsControl(c))
            {
                text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Owner names as tmpfiles.d should write them: created by the package's sysusers.d, root, or the number.</summary>
    private sealed class OwnerNames
    {
        private readonly Dictionary<uint, string> _users;
        private readonly Dictionary<uint, string> _groups;
        private readonly HashSet<string> _created;

        public OwnerNames(FileTree rootfs, HashSet<string> created)
        {
            _created = created;
            _users = Read(rootfs, "/etc/passwd");
            _groups = Read(rootfs, "/etc/group");
        }

        public string User(uint id) => Name(id, _users);

        public string Group(uint id) => Name(id, _groups);

        private string Name(uint id, Dictionary<uint, string> known) =>
            id == 0 ? "root" : known.TryGetValue(id, out var name) && _created.Contains(name) ? name : id.ToString(CultureInfo.InvariantCulture);

        private static Dictionary<uint, string> Read(FileTree rootfs, string path)
        {
            var names = new Dictionary<uint, string>();
            foreach (var line in ReadText(rootfs, path).Split('\n'))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                {
                    names.TryAdd(id, fields[0]);
                }
            }

            return names;
        }
    }
}
