using Flix.Install.Packages;
using Flix.Sysext.Entries;

namespace Flix.Install.EntryPoints;

/// <summary>What an installed package brings that an extension ships: its programs, units and system configuration files.</summary>
public sealed record PackageEntryPoints
{
    /// <summary>The packages read (the named one and those of its source it depends on).</summary>
    public required IReadOnlyList<InstalledPackage> Packages { get; init; }

    /// <summary>Programs from any bin or sbin folder (sbin ones land in /usr/bin).</summary>
    public required IReadOnlyList<EntryPoint> Programs { get; init; }

    /// <summary>systemd units, the units their <c>Also=</c> names, and their drop-ins, under /usr/lib/systemd/system.</summary>
    public required IReadOnlyList<EntryPoint> Units { get; init; }

    /// <summary>sysusers.d and tmpfiles.d files, under /usr/lib.</summary>
    public required IReadOnlyList<EntryPoint> SystemFiles { get; init; }

    /// <summary>The package's main service (NAME.service, or its only service), or null.</summary>
    public string? MainService { get; init; }

    /// <summary>Every entry point, programs first.</summary>
    public IReadOnlyList<EntryPoint> All => [.. Programs, .. Units, .. SystemFiles];

    /// <summary>
    /// These entry points with those of <paramref name="more"/> packages after them: an entry whose target is already
    /// taken and a package already read are left out; the main service stays this package's.
    /// </summary>
    public PackageEntryPoints With(IEnumerable<PackageEntryPoints> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var all = new[] { this }.Concat(more).ToList();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        List<EntryPoint> Union(Func<PackageEntryPoints, IReadOnlyList<EntryPoint>> pick) =>
            [.. all.SelectMany(pick).Where(e => targets.Add(e.Target))];
        return this with
        {
            Packages = [.. all.SelectMany(p => p.Packages).DistinctBy(p => p.Name, StringComparer.Ordinal)],
            Programs = Union(p => p.Programs),
            Units = Union(p => p.Units),
            SystemFiles = Union(p => p.SystemFiles),
        };
    }
}
