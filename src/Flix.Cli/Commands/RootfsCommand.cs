using System.CommandLine;
using System.Text.Json;
using Flix.Core.Text;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline;
using Flix.Pipeline.Install;

namespace Flix.Cli.Commands;

/// <summary><c>flix rootfs IMAGE DIR</c>: pull an image without a daemon and unpack it into a directory.</summary>
public sealed class RootfsCommand : Command
{
    public RootfsCommand()
        : base("rootfs", ImageSourceHelp.RootfsCommand)
    {
        Arguments.Add(ImageArgument);
        Arguments.Add(DirectoryArgument);
        Image.AddTo(this);
        Installing.AddTo(this);
        Options.Add(JsonOption);
        Validators.Add(Image.Validate);
        Validators.Add(result =>
        {
            if (Conventions.SwappedArguments.Check(result.GetValue(ImageArgument), result.GetValue(DirectoryArgument)) is { } swapped)
            {
                result.AddError(swapped);
            }
        });
        Validators.Add(result =>
        {
            foreach (var problem in Installing.Validate(result))
            {
                result.AddError(problem);
            }
        });
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> ImageArgument { get; } = new("image")
    {
        Description = ImageSourceHelp.RootfsImage,
    };

    public Argument<string> DirectoryArgument { get; } = new("directory")
    {
        Description = "The directory to unpack into: new, or empty.",
    };

    /// <summary>--install and --run: packages and commands for the unpacked rootfs.</summary>
    public InstallOptionSet Installing { get; } = new(forExtensions: false);

    /// <summary>The image options (--arch, --platform, --cache-dir, credentials…).</summary>
    public ImageOptionSet Image { get; } = new();

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the resolved digest, platform and layers as JSON on standard output.",
    };

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool quiet = Conventions.CommonOptions.IsQuiet(parseResult) || parseResult.GetValue(JsonOption);
        var options = await Image.CreateOptionsAsync(parseResult, Console.In, cancellationToken).ConfigureAwait(false);
        using var reporter = new ConsolePipelineReporter(error, ConsolePipelineReporter.ShowsProgress(quiet));

        RootfsResult result;
        try
        {
            var request = new RootfsRequest
            {
                Image = ImageSourceSpec.Parse(parseResult.GetValue(ImageArgument)!),
                Directory = parseResult.GetValue(DirectoryArgument)!,
                Rootfs = options,
                Steps = Installing.CreateOptions(parseResult.CommandResult, autoPackage: null, error) is { IsEmpty: false } install ? [new InstallStep(install)] : [],
            };
            try
            {
                result = await ExtensionPipeline.UnpackAsync(request, reporter, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                reporter.Finish();
            }
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"flix: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parseResult.GetValue(JsonOption))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(RootfsReport.From(result), RootfsReportJsonContext.Default.RootfsReport)).ConfigureAwait(false);
        }
        else
        {
            int warnings = Conventions.WarningSummary.Collapse(result.Layers.SelectMany(l => l.Warnings)).Count;
            string summary = result.Image is { } resolved
                ? $"Unpacked {resolved.Description} ({resolved.Platform}, {resolved.ManifestDigest}) into {result.Directory}: "
                    + $"{result.Layers.Count} layer(s), {result.Layers.Sum(l => l.Entries)} entries"
                : $"Copied {result.Description} into {result.Directory}: {result.Model.Walk().Count()} entries";
            await output.WriteLineAsync(summary + (warnings > 0 ? $", {warnings} warning(s)" : string.Empty) + ".").ConfigureAwait(false);
            foreach (var warning in Conventions.WarningSummary.Collapse(result.Layers.SelectMany(l => l.Warnings)))
            {
                await error.WriteLineAsync($"warning: {PrintableText.Escape(warning)}").ConfigureAwait(false);
            }

            if (result.OverlayFile is { } overlay)
            {
                await output.WriteLineAsync($"Owners, modes and devices the disk could not take without root are kept in {overlay}; "
                    + "flix pack and dir: sources of this directory read them back.").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
