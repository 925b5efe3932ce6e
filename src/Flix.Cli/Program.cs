using System.CommandLine;
using System.CommandLine.Invocation;
using Flix.Cli.Commands;

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
        var root = CreateRootCommand(environment);
        var parseResult = root.Parse(args);
        root.HideArgumentsUnlessInvoked(parseResult);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"flix: {parseError.Message}").ConfigureAwait(false);
            }

            string command = string.Join(' ', EnumerateCommandPath(parseResult.CommandResult.Command, root));
            await error.WriteLineAsync($"Try '{command} --help' for more information.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return ErrorReporter.Report(exception, error, environment(ErrorReporter.DebugVariable) == "1");
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
