using Flix.Install.Sandbox;

namespace Flix.Install.Packages;

/// <summary>
/// An rpm database in a format Flix does not read itself (Berkeley DB, ndb): the image's own rpm answers, run in the
/// sandbox (<c>rpm -q</c> for the name, version, source rpm and requirements, <c>rpm -ql</c> for the files,
/// <c>rpm -qc</c> for the configuration files).
/// </summary>
public static class RpmQueryDatabase
{
    private const string Separator = "--flix-rpm-section--";

    /// <summary>True when <paramref name="rootfs"/> has an rpm database only the image's rpm can read.</summary>
    public static bool Applies(string rootfs) =>
        RpmDatabase.SqlitePaths.All(p => ImageFile.Locate(rootfs, p) is null) && RpmDatabase.LegacyPaths.Any(p => ImageFile.Locate(rootfs, p) is not null);

    /// <summary>The package <paramref name="name"/> as the image's rpm reports it, or null when it is not installed.</summary>
    public static async Task<InstalledPackage?> QueryAsync(string rootfs, string name, SandboxHost? host = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (PackageManagers.PackageManager.ValidatePackageName(name) is { } problem)
        {
            throw new FormatException(problem);
        }

        string quoted = Core.Text.ShellQuote.Quote(name);
        string command = $"rpm -q {quoted} >/dev/null 2>&1 || exit 0; "
            + $"rpm -q --qf '%{{NAME}}\\n%{{VERSION}}-%{{RELEASE}}\\n%{{SOURCERPM}}\\n' {quoted}; echo {Separator}; "
            + $"rpm -qR {quoted}; echo {Separator}; rpm -ql {quoted}; echo {Separator}; rpm -qc {quoted}";
        var output = new StringWriter();
        await new SandboxRunner(new SandboxOptions { Rootfs = rootfs, Output = output, Host = host }).RunAsync([command], cancellationToken).ConfigureAwait(false);
        var sections = output.ToString().Split(Separator + "\n");
        if (sections.Length < 4)
        {
            return null;
        }

        var head = Lines(sections[0]);
        if (head.Count < 3 || head[0] != name)
        {
            return null;
        }

        int release = head[2].LastIndexOf('-');
        int version = release > 0 ? head[2].LastIndexOf('-', release - 1) : -1;
        return new InstalledPackage
        {
            Name = name,
            Version = head[1],
            Source = version > 0 ? head[2][..version] : name,
            Depends = Lines(sections[1]).Select(r => r.Split(' ')[0]).Where(r => !r.Contains('(', StringComparison.Ordinal) && !r.StartsWith('/')).Distinct(StringComparer.Ordinal).ToList(),
            Files = Lines(sections[2]).Where(f => f.StartsWith('/')).ToList(),
            ConfigFiles = Lines(sections[3]).Where(f => f.StartsWith('/')).ToList(),
        };
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}
