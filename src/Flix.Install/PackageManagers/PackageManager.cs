using Flix.Core;
using Flix.Install.Sandbox;
using Flix.Core.Text;

namespace Flix.Install.PackageManagers;

/// <summary>
/// A package manager found in an image and the shell commands that install packages with it, as data: the list
/// refresh, the install without questions, without recommended packages and documentation where the manager allows,
/// and the cleaning of its caches. Package names are quoted for the shell and may not start with '-'.
/// </summary>
public sealed record PackageManager
{
    /// <summary>apt's options for every call: it must not switch to its _apt user (a user namespace may lack it, and files it writes as root must stay readable).</summary>
    private const string AptOptions = "-o APT::Sandbox::User=root -o Dpkg::Use-Pty=0";

    /// <summary>dpkg's options: keep existing configuration files, leave out documentation except the copyright files.</summary>
    private const string DpkgOptions = "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "
        + "-o Dpkg::Options::=--path-exclude=/usr/share/doc/* -o Dpkg::Options::=--path-include=/usr/share/doc/*/copyright "
        + "-o Dpkg::Options::=--path-exclude=/usr/share/man/* -o Dpkg::Options::=--path-exclude=/usr/share/info/*";

    /// <summary>Where each manager's program lies in an image, in the order they are looked for.</summary>
    private static readonly (PackageManagerKind Kind, string[] Paths)[] Programs =
    [
        (PackageManagerKind.Apt, ["/usr/bin/apt-get"]),
        (PackageManagerKind.Apk, ["/sbin/apk", "/usr/sbin/apk", "/usr/bin/apk"]),
        (PackageManagerKind.Dnf, ["/usr/bin/dnf5", "/usr/bin/dnf", "/usr/bin/yum"]),
        (PackageManagerKind.Microdnf, ["/usr/bin/microdnf"]),
        (PackageManagerKind.Zypper, ["/usr/bin/zypper"]),
    ];

    public PackageManager(PackageManagerKind kind, string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        Kind = kind;
        Program = program;
    }

    public PackageManagerKind Kind { get; }

    /// <summary>The program's path in the image, e.g. /usr/bin/apt-get.</summary>
    public string Program { get; }

    /// <summary>The package manager of the rootfs at <paramref name="rootfs"/>; an image without one is an error naming what it has.</summary>
    public static PackageManager Detect(string rootfs)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        foreach (var (kind, paths) in Programs)
        {
            foreach (var path in paths)
            {
                if (ConfinedPath.Resolve(rootfs, path) is { } found && File.Exists(found))
                {
                    return new PackageManager(kind, path);
                }
            }
        }

        string database = ConfinedPath.Resolve(rootfs, "/var/lib/dpkg/status") is not null ? " It has a dpkg database but no apt-get."
            : ConfinedPath.Resolve(rootfs, "/usr/bin/rpm") is not null ? " It has rpm but no dnf, microdnf or zypper to fetch packages."
            : string.Empty;
        throw new FlixException($"The image has no package manager Flix knows (apt-get, apk, dnf, microdnf, zypper), so it cannot install packages in it.{database} "
            + "Name the paths to copy instead, or use --run with the image's own tools.");
    }

    /// <summary>The commands that install <paramref name="packages"/>, in order: refresh, install, clean.</summary>
    public IReadOnlyList<string> InstallCommands(IReadOnlyList<string> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (packages.Count == 0)
        {
            throw new ArgumentException("Name at least one package.", nameof(packages));
        }

        foreach (var package in packages)
        {
            if (ValidatePackageName(package) is { } problem)
            {
                throw new FormatException(problem);
            }
        }

        string names = ShellQuote.Join(packages);
        return Kind switch
        {
            PackageManagerKind.Apt =>
            [
                $"apt-get {AptOptions} update",
                $"apt-get {AptOptions} {DpkgOptions} install -y --no-install-recommends {names}",
                $"apt-get {AptOptions} clean && rm -rf /var/lib/apt/lists/*",
            ],
            PackageManagerKind.Apk => [$"apk add --no-cache --no-progress {names}"],
            PackageManagerKind.Dnf =>
            [
                $"{Program} install -y --refresh --setopt=install_weak_deps=False --setopt=tsflags=nodocs {names}",
                $"{Program} clean all",
            ],
            PackageManagerKind.Microdnf =>
            [
                $"microdnf install -y --refresh --setopt=install_weak_deps=0 --setopt=tsflags=nodocs {names}",
                "microdnf clean all",
            ],
            PackageManagerKind.Zypper =>
            [
                "zypper --non-interactive refresh",
                $"zypper --non-interactive install --no-recommends {names}",
                "zypper --non-interactive clean --all",
            ],
            _ => throw new NotSupportedException($"No commands for {Kind}."),
        };
    }

    /// <summary>A sentence saying what is wrong with <paramref name="name"/> as a package name, or null.</summary>
    public static string? ValidatePackageName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "A package name must not be empty.";
        }

        if (name.StartsWith('-'))
        {
            return $"The package name '{name}' must not start with '-'.";
        }

        return name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? $"The package name '{name.Replace("\n", "\\n", StringComparison.Ordinal)}' must not contain spaces or control characters."
            : null;
    }
}
