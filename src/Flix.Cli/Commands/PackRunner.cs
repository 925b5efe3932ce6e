using System.Text.Json;
using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>Packs a tree and reports the result the way <c>flix pack</c> does: text lines, or JSON with --json.</summary>
internal static class PackRunner
{
    /// <summary>
    /// Packs <paramref name="tree"/>; returns the exit code. Layout errors are reported here, other failures thrown.
    /// <paramref name="flix"/> adds what Flix mode made to the JSON report.
    /// </summary>
    public static async Task<int> PackAndReportAsync(
        FileTree tree, SysextPackOptions options, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        FlixModeReport? flix = null, PackageReport? package = null)
    {
        SysextPackResult result;
        try
        {
            result = await SysextPacker.PackAsync(tree, options, cancellationToken).ConfigureAwait(false);
        }
        catch (SysextLayoutException exception)
        {
            return await ReportLayoutFailureAsync(exception, json, output, error, flix).ConfigureAwait(false);
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            // The JSON reader learns of the failure too; the exit code and stderr line come from the caller.
            await WriteJsonAsync(output, PackReport.Failed(exception.Message, []) with { Flix = flix, Package = package }).ConfigureAwait(false);
            throw;
        }

        if (json)
        {
            await WriteJsonAsync(output, PackReport.Succeeded(result) with { Flix = flix, Package = package }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await WriteDiagnosticsAsync(error, result.Diagnostics).ConfigureAwait(false);
        string format = result.Format switch
        {
            ImageFormat.Erofs => "erofs",
            ImageFormat.Directory => "directory",
            _ => "squashfs",
        };
        await output.WriteLineAsync(result.Sha256 is null
            ? $"Wrote {result.Path} ({format}, {result.Size} bytes of files)"
            : $"Wrote {result.Path} ({format}, {result.Size} bytes, sha256 {result.Sha256})").ConfigureAwait(false);
        if (result.Sha256SumsPath is not null)
        {
            await output.WriteLineAsync($"Updated {result.Sha256SumsPath}").ConfigureAwait(false);
        }

        if (result.SysupdatePath is not null)
        {
            await output.WriteLineAsync($"Wrote {result.SysupdatePath}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Reports layout errors (as JSON too with <paramref name="json"/>, with <paramref name="flix"/> when given): each
    /// diagnostic, then the error line; returns the failure exit code.
    /// </summary>
    public static async Task<int> ReportLayoutFailureAsync(
        SysextLayoutException exception, bool json, TextWriter output, TextWriter error, FlixModeReport? flix = null)
    {
        if (json)
        {
            await WriteJsonAsync(output, PackReport.Failed(exception.Message, exception.Diagnostics) with { Flix = flix }).ConfigureAwait(false);
        }

        await WriteDiagnosticsAsync(error, exception.Diagnostics).ConfigureAwait(false);
        await error.WriteLineAsync($"flix: error: {exception.Message}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    /// <summary>Writes a failed run's JSON report (for failures before packing starts).</summary>
    public static Task WriteFailureJsonAsync(TextWriter output, string message) =>
        WriteJsonAsync(output, PackReport.Failed(message, []));

    private static Task WriteJsonAsync(TextWriter output, PackReport report) =>
        output.WriteLineAsync(JsonSerializer.Serialize(report, PackReportJsonContext.Default.PackReport));

    public static async Task WriteDiagnosticsAsync(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
    }
}
