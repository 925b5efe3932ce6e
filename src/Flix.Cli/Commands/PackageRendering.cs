using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>What the extension of a package took from the package database and added for the host, as text and as JSON.</summary>
internal static class PackageRendering
{
    /// <summary>Lines for the user of <paramref name="report"/>: the packages read, the entry points chosen, the drop-in and the host files.</summary>
    public static void Write(TextWriter writer, PackageReport? report)
    {
        if (report is null)
        {
            return;
        }

        writer.WriteLine($"From the package {report.Name} ({string.Join(", ", report.Packages)}):");
        foreach (var entry in report.Entries)
        {
            writer.WriteLine($"  {entry}");
        }

        if (report.DropIns.Count > 0)
        {
            writer.WriteLine($"  {string.Join(", ", report.DropIns)} start{(report.DropIns.Count == 1 ? "s" : string.Empty)} {string.Join(", ", report.Enabled)} on merge");
        }

        if (report.Tmpfiles is { } tmpfiles)
        {
            writer.WriteLine($"  {tmpfiles} makes {report.TmpfilesLines.Count} folder(s) and configuration(s) on the host");
        }
    }

    /// <summary>The "package" object of the JSON report; null when no package database was read.</summary>
    public static PackageReport? Report(string name, PackageBuild? package) =>
        package?.Entries is { } found ? PackageReport.From(name, found, package.Additions) : null;
}
