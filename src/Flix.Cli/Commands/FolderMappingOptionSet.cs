using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Flatwrap;

namespace Flix.Cli.Commands;

/// <summary>
/// Flatwrap's --etcmap, --varmap and --homemap, each falling back to the bakery's variable of the same purpose
/// (ETCMAP, VARMAP, HOMEMAP), then to the host.
/// </summary>
public sealed class FolderMappingOptionSet
{
    public const string EtcMapVariable = "ETCMAP";

    public const string VarMapVariable = "VARMAP";

    public const string HomeMapVariable = "HOMEMAP";

    private readonly Func<string, string?> _environment;

    /// <param name="environment">Reads the bakery's variables.</param>
    public FolderMappingOptionSet(Func<string, string?> environment)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    public Option<string?> EtcMapOption { get; } = new("--etcmap")
    {
        Description = "/etc in the private root from the host or the chroot (the image) [default: $ETCMAP, else host].",
    };

    public Option<string?> VarMapOption { get; } = new("--varmap")
    {
        Description = "/var in the private root from the host or the chroot [default: $VARMAP, else host].",
    };

    public Option<string?> HomeMapOption { get; } = new("--homemap")
    {
        Description = "/home in the private root from the host or the chroot [default: $HOMEMAP, else host].",
    };

    /// <summary>Adds the options to <paramref name="command"/>, each taking host or chroot only.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new[] { EtcMapOption, VarMapOption, HomeMapOption })
        {
            option.AcceptOnlyFromAmong([.. FolderMappings.Names]);
            command.Options.Add(option);
        }
    }

    public FolderMapping Etc(CommandResult result, List<string> errors) => Choose(result, EtcMapOption, EtcMapVariable, errors);

    public FolderMapping Var(CommandResult result, List<string> errors) => Choose(result, VarMapOption, VarMapVariable, errors);

    public FolderMapping Home(CommandResult result, List<string> errors) => Choose(result, HomeMapOption, HomeMapVariable, errors);

    /// <summary>The mapping the option or its variable asks for; a bad variable adds its message to <paramref name="errors"/>.</summary>
    private FolderMapping Choose(CommandResult result, Option<string?> option, string variable, List<string> errors)
    {
        try
        {
            return FolderMappings.Choose(result.GetValue(option), option.Name, _environment(variable), variable);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
            return FolderMapping.Host;
        }
    }
}
