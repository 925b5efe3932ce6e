using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Pipeline;
using Flix.Pipeline.Builders;
using Flix.Sysext;
using Flix.Core.Text;

namespace Flix.Cli.Commands;

/// <summary>
/// The action of the commands that make an extension from an image: the command line mapped to a request, the
/// pipeline run, and what it reports printed as text or JSON, with the exit code.
/// </summary>
internal static class ImageExtensionAction
{
    /// <summary>
    /// Runs the command of <paramref name="options"/>: <paramref name="createBuilder"/> maps its own options to a
    /// builder (or lists what is wrong), <paramref name="rendering"/> prints what the builder made.
    /// </summary>
    public static async Task<int> RunAsync(
        ParseResult parseResult, ImageExtensionOptionSet options, Func<CommandResult, (IExtensionBuilder? Builder, IReadOnlyList<string> Errors)> createBuilder,
        IExtensionRendering rendering, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(options.Packing.JsonOption);
        var (builder, problems) = createBuilder(parseResult.CommandResult);
        var (pack, packProblems) = options.CreatePackOptions(parseResult.CommandResult);
        if (builder is null || pack is null)
        {
            return await PackReports.ReportUsageAsync(error, [.. problems, .. packProblems]).ConfigureAwait(false);
        }

        var rootfs = await options.Image.CreateOptionsAsync(parseResult, Console.In, cancellationToken).ConfigureAwait(false);
        using var reporter = new ConsolePipelineReporter(error, ConsolePipelineReporter.ShowsProgress(json || Conventions.CommonOptions.IsQuiet(parseResult)), built => WriteBuilt(built, rendering, output, error, json));
        PackReport Decorate(PackReport report) => reporter.Built is { } built
            ? rendering.AddTo(report, built.Build) with { Package = PackageRendering.Report(built.Pack.Name, built.Build.Package) }
            : report;
        ExtensionResult extension;
        try
        {
            var request = options.CreateRequest(parseResult, builder, pack, rootfs);
            try
            {
                extension = await ExtensionPipeline.RunAsync(request, reporter, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                reporter.Finish();
            }
        }
        catch (FormatException e) when (reporter.Built is null)
        {
            // A malformed value met before anything was built (an image name, a layout tag): a usage error.
            if (json)
            {
                await PackReports.WriteFailureJsonAsync(output, e.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"flix: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (SysextLayoutException e)
        {
            return await PackReports.ReportLayoutFailureAsync(e, json, output, error, Decorate).ConfigureAwait(false);
        }
        catch (Exception e) when (json && e is not OperationCanceledException)
        {
            // The JSON reader learns of the failure too; the exit code and stderr line come from the error reporter.
            await PackReports.WriteFailureJsonAsync(output, e.Message, Decorate).ConfigureAwait(false);
            throw;
        }

        return await PackReports.ReportPackedAsync(
            extension.Pack, json, output, error,
            report => Decorate(report) with { Source = SourceReport.From(extension.Source), Extension = ExtensionReport.From(extension) }).ConfigureAwait(false);
    }

    /// <summary>What the package database gave, the image's and the builder's warnings, the builder's diagnostics, then what the builder itself prints.</summary>
    private static void WriteBuilt(BuiltExtension built, IExtensionRendering rendering, TextWriter output, TextWriter error, bool json)
    {
        PackageRendering.Write(json ? error : output, PackageRendering.Report(built.Pack.Name, built.Build.Package));
        foreach (var warning in Conventions.WarningSummary.Collapse(built.Warnings))
        {
            error.WriteLine($"warning: {PrintableText.Escape(warning)}");
        }

        foreach (var diagnostic in built.Build.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        rendering.WriteBuilt(built.Build, output, error, json);
    }
}
