using System.CommandLine;
using System.CommandLine.Parsing;
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
}
