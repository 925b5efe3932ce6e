using System.CommandLine;

namespace Flix.Cli.Conventions;

/// <summary>
/// The options every verb takes (-q/--quiet, -v/--verbose), declared once on flix and inherited by the verbs
/// (<see cref="Option.Recursive"/>).
/// </summary>
public sealed class CommonOptions
{
    public Option<bool> QuietOption { get; } = new("--quiet", "-q")
    {
        Description = "Print no progress.",
        Recursive = true,
    };

    public Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Print more detail, and the stack trace of an error.",
        Recursive = true,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(QuietOption);
        command.Options.Add(VerboseOption);
    }

    /// <summary>Whether -q/--quiet was given on the command line of <paramref name="parseResult"/>.</summary>
    public static bool IsQuiet(ParseResult parseResult) => Of(parseResult) is { } common && parseResult.GetValue(common.QuietOption);

    /// <summary>Whether -v/--verbose was given on the command line of <paramref name="parseResult"/>.</summary>
    public static bool IsVerbose(ParseResult parseResult) => Of(parseResult) is { } common && parseResult.GetValue(common.VerboseOption);

    private static CommonOptions? Of(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return (parseResult.RootCommandResult.Command as Commands.FlixRootCommand)?.Common;
    }
}
