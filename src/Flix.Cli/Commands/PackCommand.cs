using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Pipeline;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary><c>flix pack TREE NAME</c>: turn a folder into a system extension image.</summary>
public sealed class PackCommand : Command
{
    public PackCommand(Func<string, string?> environment)
        : base("pack", "Pack a folder into a systemd system extension (sysext) image for hosts such as Flatcar.")
    {
        Packing = new PackOptionSet(environment);
        Arguments.Add(TreeArgument);
        Arguments.Add(NameArgument);
        Packing.AddTo(this);
        Deploy.AddTo(this);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> TreeArgument { get; } = new("tree")
    {
        Description = "The folder to pack: its usr/ (and opt/) become the extension.",
    };

    public Argument<string> NameArgument { get; } = new("name")
    {
        Description = "The extension name: the image must appear on the host as NAME.raw (metadata extension-release.NAME).",
    };

    /// <summary>The packing options (--os, --arch, --format, --output…).</summary>
    public PackOptionSet Packing { get; }

    /// <summary>--butane, --ignition.</summary>
    public DeployOptionSet Deploy { get; } = new();

    /// <summary>Maps the command line to pack options, or lists what is wrong with it.</summary>
    public (SysextPackOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (options, errors) = Packing.CreateOptions(result, result.GetValue(NameArgument) ?? string.Empty);
        (options, errors) = Deploy.Apply(result, options, errors);
        if (string.IsNullOrEmpty(result.GetValue(TreeArgument)))
        {
            errors = [.. errors, "The tree folder must not be empty."];
            options = null;
        }

        return (options, errors);
    }

    private void Validate(CommandResult result)
    {
        IReadOnlyList<string> errors;
        try
        {
            errors = CreateOptions(result).Errors;
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

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(Packing.JsonOption);
        var (options, problems) = CreateOptions(parseResult.CommandResult);
        if (options is null)
        {
            // The validator already reported these; this is only reached when a caller skipped it.
            return await PackReports.ReportUsageAsync(error, problems).ConfigureAwait(false);
        }

        string treePath = parseResult.GetValue(TreeArgument)!;
        options = options with { SourceDirectory = treePath };
        var tree = json
            ? await ReadTreeReportingJsonAsync(treePath, output).ConfigureAwait(false)
            : OverlaidDirectoryReader.Read(treePath, out _);
        SysextPackResult result;
        try
        {
            using var reporter = new ConsolePipelineReporter(error, ConsolePipelineReporter.ShowsProgress(json || Conventions.CommonOptions.IsQuiet(parseResult)));
            result = await ExtensionPipeline.PackAsync(tree, options, reporter, cancellationToken).ConfigureAwait(false);
        }
        catch (SysextLayoutException exception)
        {
            return await PackReports.ReportLayoutFailureAsync(exception, json, output, error).ConfigureAwait(false);
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            // The JSON reader learns of the failure too; the exit code and stderr line come from the error reporter.
            await PackReports.WriteFailureJsonAsync(output, exception.Message).ConfigureAwait(false);
            throw;
        }

        return await PackReports.ReportPackedAsync(result, json, output, error).ConfigureAwait(false);
    }

    /// <summary>Reads the tree; a failure is also reported as JSON before it propagates, as packing failures are.</summary>
    private static async Task<FileTree> ReadTreeReportingJsonAsync(string treePath, TextWriter output)
    {
        try
        {
            return OverlaidDirectoryReader.Read(treePath, out _);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await PackReports.WriteFailureJsonAsync(output, exception.Message).ConfigureAwait(false);
            throw;
        }
    }
}
