using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>What the extension of a package took from the package database and added for the host, as text and as JSON.</summary>
internal static class PackageRendering
{
    /// <summary>Lines for the user: the packages read, the entry points chosen, the drop-in and the host files.</summary>
    public static void Write(TextWriter writer, string name, PackageBuild? package)
    {
        if (package?.Entries is not { } found)
        {
            return;
        }

        writer.WriteLine($"From the package {name} ({string.Join(", ", found.Packages.Select(p => $"{p.Name} {p.Version}".Trim()))}):");
        foreach (var entry in found.All)
        {
            writer.WriteLine($"  {entry}");
        }

        var additions = package.Additions;
        if (additions.DropIn is { } dropIn)
        {
            writer.WriteLine($"  {dropIn} starts {string.Join(", ", additions.Enabled)} on merge");
        }

        if (additions.Tmpfiles is { } tmpfiles)
        {
            writer.WriteLine($"  {tmpfiles} makes {additions.TmpfilesLines.Count} folder(s) and configuration(s) on the host");
        }
    }

    /// <summary>The "package" object of the JSON report; null when no package database was read.</summary>
    public static PackageReport? Report(string name, PackageBuild? package) =>
        package?.Entries is { } found ? PackageReport.From(name, found, package.Additions) : null;
}
