using System.CommandLine;

namespace Flix.Cli.Conventions;

/// <summary><c>flix help [VERB]</c>: the same as <c>flix [VERB] --help</c>.</summary>
public sealed class HelpCommand : Command
{
    public HelpCommand(Command root)
        : base("help", "Show the help of flix, or of a verb (flix help pack).")
    {
        ArgumentNullException.ThrowIfNull(root);
        Arguments.Add(VerbArgument);
        Options.Add(new Option<bool>("--json") { Description = "Accepted for uniformity; help is text.", Hidden = true });
        Validators.Add(result =>
        {
            if (result.GetValue(VerbArgument) is { } verb && !root.Subcommands.Any(c => c.Name == verb))
            {
                string? suggestion = Suggestions.Closest(verb, root.Subcommands.Select(c => c.Name));
                result.AddError($"'{verb}' is not a flix command{(suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?")}");
            }
        });
        SetAction((parseResult, cancellationToken) =>
        {
            string? verb = parseResult.GetValue(VerbArgument);
            var help = root.Parse(verb is null ? ["--help"] : [verb, "--help"]);
            (root as Commands.FlixRootCommand)?.HideArgumentsUnlessInvoked(help);
            return help.InvokeAsync(parseResult.InvocationConfiguration, cancellationToken);
        });
    }

    public Argument<string?> VerbArgument { get; } = new("verb")
    {
        Description = "The verb to show the help of.",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
