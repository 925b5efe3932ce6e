using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Oci.Sources;
using Flix.Pipeline;
using Flix.Pipeline.Builders;
using Flix.Sysext;
using Flix.Sysext.Entries;

namespace Flix.Cli.Commands;

/// <summary>
/// What the commands that make an extension from an image (Flix mode, <c>flix flatwrap</c>) share: IMAGE NAME
/// [PATH...], the pack options of <c>flix pack</c> and the image options of <c>flix rootfs</c>, their checks, and
/// the run itself: the command line mapped to an <see cref="ExtensionRequest"/> for <see cref="ExtensionPipeline"/>.
/// </summary>
public sealed class ImageExtensionOptionSet
{
    /// <param name="environment">Reads SOURCE_DATE_EPOCH.</param>
    /// <param name="nameDescription">The help of NAME, which also names the program when no PATH is given.</param>
    /// <param name="pathDescription">The help of PATH: what the command makes of an entry point.</param>
    public ImageExtensionOptionSet(Func<string, string?> environment, string nameDescription, string pathDescription)
    {
        Packing = new PackOptionSet(environment, withArchitecture: false);
        NameArgument = new("name") { Description = nameDescription };
        PathsArgument = new("path") { Description = pathDescription, Arity = ArgumentArity.ZeroOrMore };
    }

    public Argument<string> ImageArgument { get; } = new("image") { Description = ImageSourceHelp.ExtensionImage };

    public Argument<string> NameArgument { get; }

    public Argument<string[]> PathsArgument { get; }

    /// <summary>The packing options of <c>flix pack</c>, without --arch: that one comes from the image options.</summary>
    public PackOptionSet Packing { get; }

    /// <summary>The image options of <c>flix rootfs</c>; --arch also sets the extension's architecture.</summary>
    public ImageOptionSet Image { get; } = new(
        "The architecture to pick from a multi-platform image and of the extension: x86-64 or arm64 (amd64, aarch64 accepted) [default: the image's, else this machine's].");

    /// <summary>Adds IMAGE NAME [PATH...] to <paramref name="command"/>; its own options come next, then <see cref="AddOptionsTo"/>.</summary>
    public void AddArgumentsTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(ImageArgument);
        command.Arguments.Add(NameArgument);
        command.Arguments.Add(PathsArgument);
    }

    /// <summary>
    /// Adds the pack and image options and the checks: the image options', then <paramref name="commandErrors"/> (the
    /// command's own) with the pack options', each once.
    /// </summary>
    public void AddOptionsTo(Command command, Func<CommandResult, IReadOnlyList<string>> commandErrors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(commandErrors);
        Packing.AddTo(command);
        Image.AddTo(command);
        command.Validators.Add(Image.Validate);
        command.Validators.Add(result => Validate(result, commandErrors));
    }

    /// <summary>The extension name given.</summary>
    public string Name(CommandResult result) => result.GetValue(NameArgument) ?? string.Empty;

    /// <summary>The entry points given; each unusable one adds its message to <paramref name="errors"/>, as does an empty image.</summary>
    public List<EntryPoint> ParseEntries(CommandResult result, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(errors);
        var entries = new List<EntryPoint>();
        foreach (var path in result.GetValue(PathsArgument) ?? [])
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

    /// <summary>"The image must not be empty." when it is.</summary>
    public IEnumerable<string> ImageErrors(CommandResult result) =>
        string.IsNullOrEmpty(result.GetValue(ImageArgument)) ? ["The image must not be empty."] : [];

    /// <summary>
    /// Runs the command: <paramref name="createBuilder"/> maps its own options to a builder (or lists what is wrong),
    /// the pipeline does the job, <paramref name="rendering"/> prints what the builder made.
    /// </summary>
    internal async Task<int> RunAsync(
        ParseResult parseResult, Func<CommandResult, (IExtensionBuilder? Builder, IReadOnlyList<string> Errors)> createBuilder,
        IExtensionRendering rendering, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var result = parseResult.CommandResult;
        bool json = parseResult.GetValue(Packing.JsonOption);
        var (builder, problems) = createBuilder(result);
        string? architecture = ChosenArchitecture(result);
        var (pack, packProblems) = Packing.CreateOptions(result, Name(result), architecture ?? ExtensionArchitecture.Host);
        if (builder is null || pack is null)
        {
            return await PackReports.ReportUsageAsync(error, [.. problems, .. packProblems]).ConfigureAwait(false);
        }

        var rootfs = await Image.CreateOptionsAsync(parseResult, Console.In, cancellationToken).ConfigureAwait(false);
        var reporter = new ConsolePipelineReporter(error, ConsolePipelineReporter.ShowsProgress(json), built => WriteBuilt(built, rendering, output, error, json));
        PackReport Decorate(PackReport report) => reporter.Built is { } built ? rendering.AddTo(report, built.Build) : report;
        ExtensionResult extension;
        try
        {
            var request = new ExtensionRequest
            {
                Image = ImageSourceSpec.Parse(parseResult.GetValue(ImageArgument)!),
                Rootfs = rootfs,
                Builder = builder,
                Pack = pack,
                Architecture = architecture,
            };
            extension = await ExtensionPipeline.RunAsync(request, reporter, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e) when (reporter.Built is null)
        {
            // A malformed value met while building (an image name, a layout tag): a usage error.
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
            await PackReports.WriteFailureJsonAsync(output, e.Message, Decorate).ConfigureAwait(false);
            throw;
        }

        return await PackReports.ReportPackedAsync(
            extension.Pack, json, output, error,
            report => Decorate(report) with { Source = SourceReport.From(extension.Source), Extension = ExtensionReport.From(extension) }).ConfigureAwait(false);
    }

    /// <summary>The architecture --arch asks for, as systemd names it; null when not given (the image's is used then).</summary>
    private string? ChosenArchitecture(CommandResult result) =>
        result.GetValue(Image.ArchOption) is { } arch && ExtensionArchitecture.TryNormalize(arch, out var normalized) ? normalized : null;

    private void Validate(CommandResult result, Func<CommandResult, IReadOnlyList<string>> commandErrors)
    {
        IReadOnlyList<string> errors;
        try
        {
            var own = commandErrors(result);
            var (_, packErrors) = Packing.CreateOptions(result, Name(result), ChosenArchitecture(result) ?? ExtensionArchitecture.Host);
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

    /// <summary>The image's and the builder's warnings, the builder's diagnostics, then what the builder itself prints.</summary>
    private static void WriteBuilt(BuiltExtension built, IExtensionRendering rendering, TextWriter output, TextWriter error, bool json)
    {
        foreach (var warning in built.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        foreach (var diagnostic in built.Build.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        rendering.WriteBuilt(built.Build, output, error, json);
    }
}
