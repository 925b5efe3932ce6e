using System.Globalization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>The text printed by <c>flix inspect</c>: facts, metadata, checks and with --list the entries.</summary>
public static class InspectTextReport
{
    /// <summary>The values start in one column whatever the format, so that scripts and eyes find them.</summary>
    private const int LabelWidth = 14; // "Export table: "

    /// <summary>The text of <paramref name="inspection"/>, each line ending in '\n'.</summary>
    public static string Render(SysextInspection inspection)
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
        if (inspection.Diagnostics.Count == 0)
        {
            lines.Add("Checks: no findings.");
        }
        else
        {
            lines.Add("Checks:");
            lines.AddRange(inspection.Diagnostics.Select(diagnostic => "  " + diagnostic));
        }

        if (inspection.Entries is { } entries)
        {
            lines.Add(string.Empty);
            lines.Add($"Entries ({entries.Count}):");
            lines.AddRange(ListLines(entries).Select(line => "  " + line));
        }

        return string.Concat(lines.Select(line => line + "\n"));
    }

    /// <summary>One <c>ls -l</c> style line per entry: mode, uid/gid, size or major,minor, path, -> target.</summary>
    public static IEnumerable<string> ListLines(IReadOnlyList<InspectedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = entries.Select(entry => (
            Entry: entry,
            Owner: $"{entry.Uid}/{entry.Gid}",
            Size: entry.IsDevice
                ? $"{entry.DeviceMajor},{entry.DeviceMinor}"
                : entry.Size.ToString(CultureInfo.InvariantCulture))).ToList();
        int ownerWidth = rows.Count == 0 ? 0 : rows.Max(row => row.Owner.Length);
        int sizeWidth = rows.Count == 0 ? 0 : rows.Max(row => row.Size.Length);
        return rows.Select(row =>
            $"{row.Entry.ModeString} {row.Owner.PadRight(ownerWidth)} {row.Size.PadLeft(sizeWidth)} {row.Entry.Path}"
            + (row.Entry.LinkTarget is null ? string.Empty : " -> " + row.Entry.LinkTarget));
    }
}
