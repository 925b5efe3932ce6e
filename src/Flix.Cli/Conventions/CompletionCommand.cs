using System.CommandLine;

namespace Flix.Cli.Conventions;

/// <summary><c>flix completion bash|zsh|fish</c>: prints a completion script for the shell.</summary>
public sealed class CompletionCommand : Command
{
    public CompletionCommand(Command root)
        : base("completion", "Print a shell completion script: source <(flix completion bash), or flix completion fish | source.")
    {
        ArgumentNullException.ThrowIfNull(root);
        ShellArgument.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        Arguments.Add(ShellArgument);
        SetAction(async (parseResult, cancellationToken) =>
        {
            string script = CompletionScripts.For(parseResult.GetValue(ShellArgument)!, root);
            await parseResult.InvocationConfiguration.Output.WriteAsync(script.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
    }

    public Argument<string> ShellArgument { get; } = new("shell")
    {
        Description = "bash, zsh or fish.",
    };
}
