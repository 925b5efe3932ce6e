using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.Json;
using Flix.Cli.Commands;
using Flix.Cli.Conventions;

namespace Flix.Cli;

public static class Program
{
    /// <summary>The name under which flix acts as <c>flix flatwrap</c> (a symlink or copy of the program, as the bakery's tool).</summary>
    public const string FlatwrapName = "flatwrap";

    public static Task<int> Main(string[] args) => RunAsync(ArgumentsFor(InvocationName(), args), Console.Out, Console.Error);

    /// <summary>
    /// The arguments flix runs with when started as <paramref name="invokedAs"/> (argv[0]): invoked as
    /// <c>flatwrap</c>, <c>flatwrap ARGS</c> means <c>flix flatwrap ARGS</c>; under any other name they are unchanged.
    /// </summary>
    public static string[] ArgumentsFor(string? invokedAs, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return invokedAs is not null && Path.GetFileName(invokedAs) == FlatwrapName ? [FlatwrapName, .. args] : args;
    }

    /// <summary>Runs flix with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        args = Shortcuts(args);
        bool json = JsonRequested(args);
        var recordedOutput = new RecordingTextWriter(output);
        var recordedError = new RecordingTextWriter(error);
        var root = CreateRootCommand(environment);
        if (args is ["--version", var value, ..] && value is not "--json" and not "-q" and not "--quiet" and not "-v" and not "--verbose")
        {
            string[] versionValue = [$"'flix --version' prints flix's version and takes no value; the extension's version is --extension-version {value}."];
            return await UsageErrorAsync(versionValue, "flix", json, recordedOutput, recordedError).ConfigureAwait(false);
        }

        if (FirstWordCheck.Check(root, args) is { } strayWord)
        {
            return await UsageErrorAsync(strayWord, "flix", json, recordedOutput, recordedError).ConfigureAwait(false);
        }

        var parseResult = root.Parse(args);
        root.HideArgumentsUnlessInvoked(parseResult);
        var unknownOptions = UnknownOptions(args, parseResult, root).ToList();
        if (unknownOptions.Count > 0 || (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction))
        {
            // An unknown --option is named first: the parser may have taken it for an argument and reported the rest.
            var lines = unknownOptions.Count > 0 ? unknownOptions : parseResult.Errors.Select(e => e.Message).ToList();
            string command = string.Join(' ', EnumerateCommandPath(parseResult.CommandResult.Command, root));
            return await UsageErrorAsync(lines, command, json, recordedOutput, recordedError).ConfigureAwait(false);
        }

        var configuration = new InvocationConfiguration
        {
            Output = recordedOutput,
            Error = recordedError,
            EnableDefaultExceptionHandler = false,
        };
        int exitCode;
        try
        {
            exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            bool verbose = CommonOptions.IsVerbose(parseResult) || environment(ErrorReporter.DebugVariable) == "1";
            exitCode = ErrorReporter.Report(exception, recordedError, verbose);
        }

        if (json && exitCode != ExitCodes.Success && !recordedOutput.Written)
        {
            // The command failed before it could print its report: the error lines it printed, as JSON.
            await WriteErrorJsonAsync(output, string.Join(" ", recordedError.ErrorLines), exitCode).ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>
    /// The conventions System.CommandLine has no place for: <c>flix</c> alone is <c>flix --help</c>, and
    /// <c>flix --version</c> is <c>flix version</c> (on the root, --version is the program's; see FlixRootCommand).
    /// </summary>
    private static string[] Shortcuts(string[] args) => args switch
    {
        [] => ["--help"],
        _ when args.All(a => a is "-q" or "--quiet" or "-v" or "--verbose") => ["--help"],
        ["--version", .. var rest] when rest.All(a => a is "--json" or "-q" or "--quiet" or "-v" or "--verbose") => ["version", .. rest],
        _ => args,
    };

    /// <summary>Whether --json is on the command line (before a -- that starts a command's own arguments).</summary>
    private static bool JsonRequested(string[] args) => args.TakeWhile(a => a != "--").Contains("--json");

    private static async Task<int> UsageErrorAsync(IEnumerable<string> lines, string command, bool json, TextWriter output, TextWriter error)
    {
        var messages = lines.ToList();
        foreach (var line in messages)
        {
            await error.WriteLineAsync($"flix: {line}").ConfigureAwait(false);
        }

        await error.WriteLineAsync($"Try '{command} --help' for more information.").ConfigureAwait(false);
        if (json)
        {
            await WriteErrorJsonAsync(output, string.Join(" ", messages), ExitCodes.Usage).ConfigureAwait(false);
        }

        return ExitCodes.Usage;
    }

    private static Task WriteErrorJsonAsync(TextWriter output, string message, int exitCode) =>
        output.WriteLineAsync(JsonSerializer.Serialize(
            new ErrorReport { Error = message, ExitCode = exitCode }, ConventionJsonContext.Default.ErrorReport));

    /// <summary>
    /// A line for each --word of <paramref name="args"/> (before a --) that is no option of the parsed command, with
    /// "did you mean" when one is close.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(string[] args, ParseResult parseResult, FlixRootCommand root)
    {
        var command = parseResult.CommandResult.Command;
        var names = command.Options.Concat(ReferenceEquals(command, root) ? [] : root.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(n => n.StartsWith("--", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var arg in args.TakeWhile(a => a != "--").Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2))
        {
            string bare = arg.Split('=', 2)[0];
            if (!names.Contains(bare))
            {
                yield return Suggestions.Closest(bare, names) is { } suggestion
                    ? $"Unknown option '{bare}'; did you mean '{suggestion}'?"
                    : $"Unknown option '{bare}'.";
            }
        }
    }

    public static FlixRootCommand CreateRootCommand(Func<string, string?> environment)
    {
        var root = new FlixRootCommand(environment)
        {
            new PackCommand(environment),
            new InspectCommand(),
            new RootfsCommand(),
            new FlatwrapCommand(environment),
            new ElfCommand(),
            new TestCommand(),
            new RecipesCommand(environment),
            new BakeCommand(environment),
        };
        root.Subcommands.Add(new HelpCommand(root));
        root.Subcommands.Add(new VersionCommand());
        root.Subcommands.Add(new CompletionCommand(root));
        return root;
    }

    /// <summary>
    /// argv[0] as the caller gave it. The process path names the resolved program, not the symlink it was started
    /// through, so it is read from /proc/self/cmdline.
    /// </summary>
    private static string? InvocationName()
    {
        try
        {
            string commandLine = File.ReadAllText("/proc/self/cmdline");
            int end = commandLine.IndexOf('\0', StringComparison.Ordinal);
            return end < 0 ? commandLine : commandLine[..end];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> EnumerateCommandPath(Command command, Command root)
    {
        yield return "flix";
        if (!ReferenceEquals(command, root))
        {
            yield return command.Name;
        }
    }
}
