using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary><c>flix inspect IMAGE</c>: show what a system extension image holds and whether a host would merge it.</summary>
public sealed class InspectCommand : Command
{
    public InspectCommand()
        : base("inspect", "Show a system extension's format, metadata, units, ELF closure and layout findings; exits 1 on errors.")
    {
        Arguments.Add(ImageArgument);
        Options.Add(ListOption);
        Options.Add(ElfOption);
        Options.Add(JsonOption);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> ImageArgument { get; } = new("image")
    {
        Description = "The image: a SquashFS or EROFS .raw file (made by flix, mksquashfs or mkfs.erofs) or a directory extension.",
    };

    public Option<bool> ListOption { get; } = new("--tree", "--list", "-l")
    {
        Description = "Also list every entry as unsquashfs -lls does: mode, user/group, size or device numbers, time, path, symlink target.",
    };

    public Option<bool> ElfOption { get; } = new("--elf")
    {
        Description = "Also list every ELF file: interpreter, run path and where each needed library is found in the image.",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as JSON on standard output (with the entries when --tree is given).",
    };

    /// <summary>Maps the command line to inspect options.</summary>
    public SysextInspectOptions CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SysextInspectOptions
        {
            ImagePath = result.GetValue(ImageArgument) ?? string.Empty,
            ListEntries = result.GetValue(ListOption),
        };
    }

    private void Validate(CommandResult result)
    {
        if (result.GetValue(ImageArgument) is { Length: 0 })
        {
            result.AddError("The image path must not be empty.");
        }
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(JsonOption);
        var options = CreateOptions(parseResult.CommandResult);
        if (options.ImagePath.Length == 0)
        {
            // The validator already reported this; this is only reached when a caller skipped it.
            await error.WriteLineAsync("flix: The image path must not be empty.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        SysextInspection inspection;
        try
        {
            inspection = await SysextInspector.InspectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            // The JSON reader learns of the failure too; the exit code and stderr line come from the caller.
            await WriteJsonAsync(output, InspectReport.Failed(options.ImagePath, exception.Message)).ConfigureAwait(false);
            throw;
        }

        string? failure = inspection.ErrorCount == 0
            ? null
            : $"'{inspection.Path}' has {inspection.ErrorCount} error(s): systemd-sysext would refuse it, it would break the host, or its programs cannot start.";
        if (json)
        {
            await WriteJsonAsync(output, InspectReport.From(inspection, failure)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(InspectTextReport.Render(inspection, parseResult.GetValue(ElfOption))).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            await error.WriteLineAsync($"flix: error: {failure}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    private static Task WriteJsonAsync(TextWriter output, InspectReport report) =>
        output.WriteLineAsync(JsonSerializer.Serialize(report, InspectReportJsonContext.Default.InspectReport));
}
