using System.CommandLine;
using System.CommandLine.Invocation;
using Flix.Cli.Commands;

namespace Flix.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs flix with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        environment ??= Environment.GetEnvironmentVariable;
        var root = CreateRootCommand(environment);
        var parseResult = root.Parse(args);
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

    public static RootCommand CreateRootCommand(Func<string, string?> environment)
    {
        var root = new RootCommand("Flix: turn software from any Linux distribution image into a systemd system extension.")
        {
            new PackCommand(environment),
            new InspectCommand(),
            new RootfsCommand(),
            new ElfCommand(),
        };
        return root;
    }

    private static IEnumerable<string> EnumerateCommandPath(Command command, RootCommand root)
    {
        yield return "flix";
        if (!ReferenceEquals(command, root))
        {
            yield return command.Name;
        }
    }
}
