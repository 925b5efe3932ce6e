using System.Text.Json;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>
/// Reports a packing the way <c>flix pack</c> does, for every command that ends in a packed extension: text lines, or
/// JSON with --json. <c>decorate</c> adds a command's own part to the JSON report.
/// </summary>
internal static class PackReports
{
    /// <summary>Reports what was written; returns the success exit code.</summary>
    public static async Task<int> ReportPackedAsync(
        SysextPackResult result, bool json, TextWriter output, TextWriter error, Func<PackReport, PackReport>? decorate = null)
    {
        if (json)
        {
            await WriteJsonAsync(output, Decorate(PackReport.Succeeded(result), decorate)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await WriteDiagnosticsAsync(error, result.Diagnostics).ConfigureAwait(false);
        string format = ImageFormatNames.DescriptionOf(result.Format);
        await output.WriteLineAsync(result.Sha256 is null
            ? $"Wrote {result.Path} ({format}, {result.Size} bytes of files)"
            : $"Wrote {result.Path} ({format}, {result.Size} bytes, sha256 {result.Sha256})").ConfigureAwait(false);
        if (result.Sha256SumsPath is not null)
        {
            await output.WriteLineAsync($"Updated {result.Sha256SumsPath}").ConfigureAwait(false);
        }

        foreach (var file in result.DeploymentFiles)
        {
            await output.WriteLineAsync($"Wrote {file.Path}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Reports layout errors (as JSON too with <paramref name="json"/>): each diagnostic, then the error line;
    /// returns the failure exit code.
    /// </summary>
    public static async Task<int> ReportLayoutFailureAsync(
        SysextLayoutException exception, bool json, TextWriter output, TextWriter error, Func<PackReport, PackReport>? decorate = null)
    {
        if (json)
        {
            await WriteJsonAsync(output, Decorate(PackReport.Failed(exception.Message, exception.Diagnostics), decorate)).ConfigureAwait(false);
        }

        await WriteDiagnosticsAsync(error, exception.Diagnostics).ConfigureAwait(false);
        await error.WriteLineAsync($"flix: error: {exception.Message}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    /// <summary>Writes a failed run's JSON report; the caller rethrows, so the error line and exit code follow.</summary>
    public static Task WriteFailureJsonAsync(TextWriter output, string message, Func<PackReport, PackReport>? decorate = null) =>
        WriteJsonAsync(output, Decorate(PackReport.Failed(message, []), decorate));

    public static async Task WriteDiagnosticsAsync(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
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

    private static PackReport Decorate(PackReport report, Func<PackReport, PackReport>? decorate) => decorate is null ? report : decorate(report);

    private static Task WriteJsonAsync(TextWriter output, PackReport report) =>
        output.WriteLineAsync(JsonSerializer.Serialize(report, PackReportJsonContext.Default.PackReport));
}
