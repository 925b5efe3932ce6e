using System.Globalization;
using Flix.Sysext;
using Flix.Sysext.Inspect;

namespace Flix.Cli.Commands;

/// <summary>The text printed by <c>flix inspect</c>: facts, metadata, units, ELF closure, checks and with --tree the entries.</summary>
public static class InspectTextReport
{
    /// <summary>The values start in one column whatever the format, so that scripts and eyes find them.</summary>
    private const int LabelWidth = 14; // "Export table: "

    /// <summary>The text of <paramref name="inspection"/>, each line ending in '\n'.</summary>
    public static string Render(SysextInspection inspection, bool elfDetails = false)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var lines = new List<string>();
        var facts = new List<(string Label, string Value)>
        {
            ("Image", inspection.Path),
            ("Format", ImageFormatNames.NameOf(inspection.Format)),
            ("Size", inspection.Format == ImageFormat.Directory
                ? $"{inspection.Size} bytes of files"
                : $"{inspection.Size} bytes"),
        };
        if (inspection.Sha256 is not null)
        {
            facts.Add(("SHA-256", inspection.Sha256));
        }

        if (inspection.SquashFs is { } squashFs)
        {
            facts.Add(("Compressor", squashFs.CompressionName));
            facts.Add(("Block size", $"{squashFs.BlockSize} bytes"));
            facts.Add(("Inodes", squashFs.InodeCount.ToString(CultureInfo.InvariantCulture)));
            facts.Add(("Created", squashFs.ModificationTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
            facts.Add(("Xattrs", squashFs.HasXattrs ? "yes" : "no"));
            facts.Add(("Export table", squashFs.HasExportTable ? "yes" : "no"));
        }

        if (inspection.Erofs is { } erofs)
        {
            facts.Add(("Compressor", erofs.Compression));
            facts.Add(("Block size", $"{erofs.BlockSize} bytes"));
            facts.Add(("Inodes", erofs.InodeCount.ToString(CultureInfo.InvariantCulture)));
            facts.Add(("Created", erofs.BuildTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
            facts.Add(("Features", erofs.Features.Count == 0 ? "none" : string.Join(", ", erofs.Features)));
        }

        var name = inspection.ImageName;
        facts.Add(("Name", name.IsVersioned
            ? $"{name.Name} (version {name.Version}, architecture {name.Architecture})"
            : name.Name));
        facts.Add(("Install as", InspectReport.InstallName(inspection) ?? "(no metadata matches the name)"));
        lines.AddRange(facts.Select(fact => (fact.Label + ":").PadRight(LabelWidth) + fact.Value));

        foreach (var release in inspection.Releases)
        {
            lines.Add(string.Empty);
            lines.Add($"Metadata {release.Path}{(ReferenceEquals(release, inspection.MatchingRelease) ? string.Empty : " (not read for this image)")}:");
            lines.AddRange(release.Fields.Select(field => $"  {field.Key}={field.Value}"));
        }

        lines.Add(string.Empty);
        lines.AddRange(UnitLines(inspection));
        lines.Add(string.Empty);
        lines.AddRange(ElfLines(inspection.ElfObjects, elfDetails));
        lines.Add(string.Empty);
        if (inspection.Diagnostics.Count == 0)
        {
            lines.Add("Checks: no findings.");
        }
        else
        {
            lines.Add("Checks:");
            lines.AddRange(inspection.Diagnostics.Select(diagnostic => "  " + diagnostic));
        }

        if (inspection.Entries is { } entries && inspection.Root is { } root)
        {
            lines.Add(string.Empty);
            lines.Add($"Tree ({entries.Count + 1} entries):");
            lines.AddRange(TreeListing.Lines(root, entries, new AccountNames(), TimeZoneInfo.Local));
        }

        return string.Concat(lines.Select(line => line + "\n"));
    }

    /// <summary>The units shipped, what enables each, and the host's units the extension enables.</summary>
    public static IEnumerable<string> UnitLines(SysextInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var units = inspection.Units;
        if (units.Units.Count == 0 && units.Enablements.Count == 0)
        {
            yield return "Units: none.";
            yield break;
        }

        yield return $"Units ({units.Units.Count}):";
        int width = units.Units.Count == 0 ? 0 : units.Units.Max(u => u.Name.Length);
        foreach (var unit in units.Units)
        {
            string state = unit.EnabledBy.Count > 0
                ? "enabled by " + string.Join(", ", unit.EnabledBy.Select(e => $"{e.By} ({e.Dependency}, {e.Source})"))
                : unit.InstallTargets.Count > 0
                    ? $"not enabled: [Install] names {string.Join(", ", unit.InstallTargets)}, which only systemctl enable acts on; ship an Upholds= drop-in instead"
                    : "not enabled (started on demand or by another unit)";
            yield return $"  {unit.Name.PadRight(width)}  {state}";
        }

        foreach (var unit in units.EnabledElsewhere)
        {
            var by = units.Enablements.Where(e => e.Unit == unit).Select(e => $"{e.By} ({e.Dependency}, {e.Source})");
            yield return $"  {unit}: not shipped, enabled by {string.Join(", ", by)}: the host must have it";
        }
    }

    /// <summary>A summary of the ELF closure; with <paramref name="details"/> one line per object and one per needed library.</summary>
    public static IEnumerable<string> ElfLines(IReadOnlyList<ElfObjectReport> objects, bool details)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            yield return "ELF files: none.";
            yield break;
        }

        var needed = objects.SelectMany(o => o.Needed).ToList();
        var fromHost = needed.Where(n => !n.IsResolved).Select(n => n.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var hostLoaders = objects.Where(o => o.Interpreter is not null && o.InterpreterInImage is null).Select(o => o.Interpreter!).Distinct(StringComparer.Ordinal).ToList();
        yield return $"ELF files ({objects.Count}: {objects.Count(o => o.Kind != "library")} programs, {objects.Count(o => o.Kind == "library")} libraries): "
            + $"{needed.Count(n => n.IsResolved)} of {needed.Count} needed libraries in the image"
            + (fromHost.Count > 0 ? $"; not in the image: {string.Join(", ", fromHost)}" : string.Empty)
            + (hostLoaders.Count > 0 ? $"; host loader: {string.Join(", ", hostLoaders)}" : string.Empty);
        if (!details)
        {
            yield break;
        }

        foreach (var elf in objects)
        {
            var parts = new List<string> { $"{elf.Machine} {elf.Kind}" };
            if (elf.Interpreter is not null)
            {
                parts.Add($"interpreter {elf.Interpreter} ({(elf.InterpreterInImage is null ? "host" : "in the image")})");
            }

            if (elf.RunPath is not null)
            {
                parts.Add("runpath " + elf.RunPath);
            }
            else if (elf.RPath is not null)
            {
                parts.Add("rpath " + elf.RPath);
            }

            if (elf.NoDefaultLib)
            {
                parts.Add("nodeflib");
            }

            yield return $"  {elf.Path}: {string.Join(", ", parts)}";
            foreach (var library in elf.Needed)
            {
                string where = library.ProvidedByLoader ? "the loader"
                    : library.ResolvedPath ?? (elf.IsSelfContained ? "MISSING (not in the image)" : "not in the image (the host's)");
                yield return $"    {library.Name} => {where}";
            }
        }
    }
}
