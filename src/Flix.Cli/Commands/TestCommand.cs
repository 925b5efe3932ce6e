using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Testing;
using Flix.Testing.Boot;
using Flix.Testing.Merge;

namespace Flix.Cli.Commands;

/// <summary>
/// <c>flix test IMAGE… [-- CMD…]</c>: merge extensions for real with the host's systemd-sysext in private
/// namespaces and run a command; <c>flix test --boot IMAGE… [-- CMD…]</c>: boot them with systemd in a container,
/// then run the command in it.
/// </summary>
public sealed class TestCommand : Command
{
    public TestCommand()
        : base("test", "Merge extensions with this host's systemd-sysext in private namespaces and run a command after --, or boot them with systemd in a container (--boot) and run the command in it; nothing is left behind.")
    {
        Arguments.Add(ImagesArgument);
        Options.Add(OsReleaseOption);
        Options.Add(BootOption);
        Options.Add(RootOption);
        Options.Add(ImageOption);
        Image.AddTo(this);
        Options.Add(TimeoutOption);
        Options.Add(JsonOption);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string[]> ImagesArgument { get; } = new("images")
    {
        Description = "The extensions: .raw images (SquashFS or EROFS) or directory extensions; after -- the command to run once they are merged (with --boot: inside the booted container, as root).",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> OsReleaseOption { get; } = new("--os-release")
    {
        Description = "Stand the extensions against another os-release: flatcar (ID=flatcar, SYSEXT_LEVEL=1.0) or an os-release FILE [default: the host's, or the boot root's].",
    };

    public Option<bool> BootOption { get; } = new("--boot")
    {
        Description = "Boot systemd as PID 1 in a systemd-nspawn container with the extensions merged by systemd-sysext.service; check that every unit they enable is active.",
    };

    public Option<string> RootOption { get; } = new("--root")
    {
        Description = "With --boot: the root file system (with systemd) to boot [default: Debian trixie with systemd, built once with mmdebstrap and cached].",
    };

    public Option<string> ImageOption { get; } = new("--image")
    {
        Description = "With --boot: an image with systemd to pull (as flix rootfs does) and boot.",
    };

    /// <summary>How --image is pulled (--arch, --platform, --cache-dir, credentials…); --cache-dir also keeps the default boot root.</summary>
    public ImageOptionSet Image { get; } = new();

    public Option<int?> TimeoutOption { get; } = new("--timeout")
    {
        Description = "Seconds the boot may take to settle and, again, the command after it (--boot); without --boot, the merge and command together [default: 180 for the boot, 1800 for the rest].",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as JSON on standard output (the command's output is captured into it).",
    };

    private void Validate(CommandResult result)
    {
        Image.Validate(result);
        bool boot = result.GetValue(BootOption);
        if (!boot && (result.GetValue(RootOption) is not null || result.GetValue(ImageOption) is not null))
        {
            result.AddError("--root and --image choose what --boot boots; add --boot.");
        }

        if (result.GetValue(RootOption) is not null && result.GetValue(ImageOption) is not null)
        {
            result.AddError("--root and --image cannot be used together.");
        }

        if (result.GetValue(TimeoutOption) is <= 0)
        {
            result.AddError("--timeout must be a positive number of seconds.");
        }
    }

    /// <summary>The images and the command: what follows "--" on the command line is the command.</summary>
    public (IReadOnlyList<string> Images, IReadOnlyList<string> Command) SplitArguments(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var values = parseResult.GetValue(ImagesArgument) ?? [];
        int dash = parseResult.Tokens.ToList().FindIndex(token => token.Type == TokenType.DoubleDash);
        int commandLength = dash < 0 ? 0 : parseResult.Tokens.Count - dash - 1;
        commandLength = Math.Min(commandLength, values.Length);
        return (values[..^commandLength], values[^commandLength..]);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(JsonOption);
        bool boot = parseResult.GetValue(BootOption);
        var (images, command) = SplitArguments(parseResult);
        if (images.Count == 0)
        {
            await error.WriteLineAsync("flix: flix test needs at least one image before --.\nTry 'flix test --help' for more information.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var osRelease = OsReleaseChoice.Parse(parseResult.GetValue(OsReleaseOption));
            int? timeout = parseResult.GetValue(TimeoutOption);
            if (boot)
            {
                var result = await BootTester.RunAsync(await BootOptionsAsync(parseResult, images, command, osRelease, timeout, json, error, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return await ReportAsync(output, error, json, TestTextReport.Lines(result), TestTextReport.Failure(result), f => TestReport.From(result, f)).ConfigureAwait(false);
            }

            var merge = await SysextMergeTester.RunAsync(new MergeTestOptions
            {
                Images = images,
                OsRelease = osRelease,
                Command = command,
                CaptureOutput = json,
                Timeout = TimeSpan.FromSeconds(timeout ?? 1800),
            }, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(output, error, json, TestTextReport.Lines(merge), TestTextReport.Failure(merge), f => TestReport.From(merge, f)).ConfigureAwait(false);
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(TestReport.Failed(boot, exception.Message), TestReportJsonContext.Default.TestReport)).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<BootTestOptions> BootOptionsAsync(
        ParseResult parseResult, IReadOnlyList<string> images, IReadOnlyList<string> command, OsReleaseChoice osRelease, int? timeout, bool json, TextWriter error, CancellationToken cancellationToken)
    {
        var rootfs = await Image.CreateOptionsAsync(parseResult, Console.In, cancellationToken).ConfigureAwait(false);
        rootfs = rootfs with { Progress = ConsolePipelineReporter.ShowsProgress(json || Conventions.CommonOptions.IsQuiet(parseResult)) ? new RootfsProgressPrinter(error) : null };
        string? cacheDir = parseResult.GetValue(Image.CacheDirOption);
        return new BootTestOptions
        {
            Images = images,
            RootDirectory = parseResult.GetValue(RootOption),
            Image = parseResult.GetValue(ImageOption),
            Rootfs = rootfs,
            CacheFolder = cacheDir is null ? null : Path.Combine(cacheDir, "boot-roots"),
            OsRelease = osRelease,
            BootTimeout = TimeSpan.FromSeconds(timeout ?? 180),
            Command = command,
            CaptureOutput = json,
            CommandTimeout = TimeSpan.FromSeconds(timeout ?? 1800),
            Progress = json || Conventions.CommonOptions.IsQuiet(parseResult) || Console.IsErrorRedirected ? null : new LineProgress(error),
        };
    }

    private static async Task<int> ReportAsync(
        TextWriter output, TextWriter error, bool json, IEnumerable<string> lines, string? failure, Func<string?, TestReport> report)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report(failure), TestReportJsonContext.Default.TestReport)).ConfigureAwait(false);
        }
        else
        {
            foreach (var line in lines)
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        if (failure is null)
        {
            return ExitCodes.Success;
        }

        await error.WriteLineAsync($"flix: error: {failure}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }

    /// <summary>Writes each step on its own line at once (Progress&lt;T&gt; would post it to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine(value);
    }
}
