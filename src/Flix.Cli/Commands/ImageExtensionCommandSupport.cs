using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Install.EntryPoints;
using Flix.Install.Packages;
using Flix.Install.Steps;
using Flix.Oci.Rootfs;
using Flix.Sysext;
using Flix.Sysext.Entries;

namespace Flix.Cli.Commands;

/// <summary>
/// What the commands that turn an image into an extension (Flix mode, <c>flix flatwrap</c>) share: their entry
/// points, the checks of their image and pack options together, the extension's architecture, usage failures.
/// </summary>
internal static class ImageExtensionCommandSupport
{
    /// <summary>The entry points given to <paramref name="paths"/>; each unusable one adds its message to <paramref name="errors"/>.</summary>
    public static List<EntryPoint> ParseEntries(CommandResult result, Argument<string[]> paths, List<string> errors)
    {
        var entries = new List<EntryPoint>();
        foreach (var path in result.GetValue(paths) ?? [])
        {
            try
            {
                entries.Add(EntryPoint.Parse(path));
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }

        return entries;
    }

    /// <summary>
    /// Reports on <paramref name="result"/> the command's own errors (from <paramref name="commandErrors"/>) and those
    /// of its pack options for the extension <paramref name="name"/>, each once.
    /// </summary>
    public static void Validate(CommandResult result, Func<IReadOnlyList<string>> commandErrors, PackOptionSet packing, ImageOptionSet image, string name)
    {
        IReadOnlyList<string> errors;
        try
        {
            var own = commandErrors();
            var (_, packErrors) = packing.CreateOptions(result, name, Architecture(image, result) ?? ExtensionArchitecture.Host);
            errors = [.. own, .. packErrors.Where(e => !own.Contains(e))];
        }
        catch (InvalidOperationException)
        {
            return; // a value that did not convert; the parser has reported it already
        }

        foreach (var error in errors)
        {
            result.AddError(error);
        }
    }

    /// <summary>The extension's architecture: --arch normalised, else <paramref name="imageArchitecture"/> (the pulled image's), else null.</summary>
    public static string? Architecture(ImageOptionSet image, CommandResult result, string? imageArchitecture = null)
    {
        if (result.GetValue(image.ArchOption) is { } arch && ExtensionArchitecture.TryNormalize(arch, out var normalized))
        {
            return normalized;
        }

        return imageArchitecture is not null && ExtensionArchitecture.TryNormalize(imageArchitecture, out var fromImage) ? fromImage : null;
    }

    /// <summary>The rootfs options of the command line, with progress on <paramref name="error"/> unless it is redirected or --json.</summary>
    public static Task<RootfsOptions> RootfsOptionsAsync(
        ImageOptionSet image, ParseResult parseResult, bool json, TextWriter error, CancellationToken cancellationToken)
    {
        bool quiet = json || Console.IsErrorRedirected;
        return image.CreateOptionsAsync(parseResult, Console.In, quiet ? null : new RootfsProgressPrinter(error), cancellationToken);
    }

    /// <summary>Writes each problem as a usage error; returns the usage exit code.</summary>
    public static async Task<int> ReportUsageAsync(TextWriter error, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"flix: {problem}").ConfigureAwait(false);
        }

        return ExitCodes.Usage;
    }

    /// <summary>Reports a malformed value found while building (also as JSON with --json); returns the usage exit code.</summary>
    public static async Task<int> ReportFormatErrorAsync(TextWriter output, TextWriter error, bool json, FormatException exception)
    {
        if (json)
        {
            await PackRunner.WriteFailureJsonAsync(output, exception.Message).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"flix: {exception.Message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    /// <summary>
    /// Runs the rootfs step (--install, --run, the automatic NAME package) in <paramref name="directory"/>, a rootfs Flix
    /// owns, when it is asked for or needed; returns the model to build from, read again when anything ran.
    /// </summary>
    public static async Task<FileTree> InstallAsync(string directory, FileTree model, RootfsInstallOptions options, CancellationToken cancellationToken)
    {
        if (!RootfsInstaller.IsNeeded(directory, model, options))
        {
            return model;
        }

        var result = await RootfsInstaller.RunAsync(directory, model, options, cancellationToken).ConfigureAwait(false);
        if (!result.Changed)
        {
            return model;
        }

        var changed = OverlaidDirectoryReader.Read(directory, out _);
        RootfsInstaller.ApplyOwners(changed, result.ForeignOwners);
        return changed;
    }

    /// <summary>
    /// The entry points of the package <paramref name="name"/> from the image's package database when no PATH is
    /// <paramref name="given"/>; null when there is none (the program NAME is looked for instead).
    /// </summary>
    public static PackageEntryPoints? PackageEntries(string directory, FileTree model, string name, IReadOnlyList<EntryPoint> given)
    {
        if (given.Count > 0 || PackageDatabase.Open(directory) is not { } database)
        {
            return null;
        }

        return PackageEntryPointFinder.Find(database, model, name) is { } found && found.All.Count > 0 ? found : null;
    }

    /// <summary>What was chosen from the package database, as lines for the user.</summary>
    public static async Task WritePackageEntriesAsync(TextWriter writer, string name, PackageEntryPoints found, PackageExtensionResult? additions)
    {
        await writer.WriteLineAsync($"From the package {name} ({string.Join(", ", found.Packages.Select(p => $"{p.Name} {p.Version}".Trim()))}):").ConfigureAwait(false);
        foreach (var entry in found.All)
        {
            await writer.WriteLineAsync($"  {entry}").ConfigureAwait(false);
        }

        if (additions?.DropIn is { } dropIn)
        {
            await writer.WriteLineAsync($"  {dropIn} starts {string.Join(", ", additions.Enabled)} on merge").ConfigureAwait(false);
        }

        if (additions?.Tmpfiles is { } tmpfiles)
        {
            await writer.WriteLineAsync($"  {tmpfiles} makes {additions.TmpfilesLines.Count} folder(s) and configuration(s) on the host").ConfigureAwait(false);
        }
    }
}
