using System.CommandLine;
using System.Text;

namespace Flix.Cli.Conventions;

/// <summary>
/// Shell completion scripts for flix, written from its command tree: verbs after flix, each verb's options after
/// it, file names elsewhere. Static scripts (no call back into flix), so completion costs nothing at each key press.
/// </summary>
public static class CompletionScripts
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish"];

    public static string For(string shell, Command root) => shell switch
    {
        "bash" => Bash(root),
        "zsh" => "#compdef flix flatwrap\nautoload -U +X bashcompinit && bashcompinit\n" + Bash(root),
        "fish" => Fish(root),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "Not a shell flix completes for."),
    };

    private static string Bash(Command root)
    {
        var script = new StringBuilder();
        script.Append("# bash completion for flix; load with: source <(flix completion bash)\n");
        script.Append("_flix() {\n");
        script.Append("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" verb=\"\" i\n");
        script.Append("    [[ \"${COMP_WORDS[0]##*/}\" == flatwrap ]] && verb=flatwrap\n");
        script.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        script.Append("        case \"${COMP_WORDS[i]}\" in\n");
        script.Append($"            {string.Join('|', Verbs(root).Select(v => v.Name))}) [[ -z \"$verb\" ]] && verb=\"${{COMP_WORDS[i]}}\" ;;\n");
        script.Append("        esac\n");
        script.Append("    done\n");
        script.Append("    local options\n");
        script.Append("    case \"$verb\" in\n");
        foreach (var verb in Verbs(root))
        {
            script.Append($"        {verb.Name}) options=\"{string.Join(' ', OptionNames(verb, root))}\" ;;\n");
        }

        script.Append($"        *) options=\"{string.Join(' ', OptionNames(root, root))}\" ;;\n");
        script.Append("    esac\n");
        script.Append("    if [[ \"$cur\" == -* ]]; then\n");
        script.Append("        mapfile -t COMPREPLY < <(compgen -W \"$options\" -- \"$cur\")\n");
        script.Append("    elif [[ -z \"$verb\" && $COMP_CWORD -eq 1 ]]; then\n");
        script.Append($"        mapfile -t COMPREPLY < <(compgen -W \"{string.Join(' ', Verbs(root).Select(v => v.Name))}\" -- \"$cur\")\n");
        script.Append("    fi\n");
        script.Append("}\n");
        script.Append("complete -o default -F _flix flix flatwrap\n");
        return script.ToString();
    }

    private static string Fish(Command root)
    {
        var script = new StringBuilder();
        script.Append("# fish completion for flix; load with: flix completion fish | source\n");
        script.Append("complete -c flix -f -n __fish_use_subcommand\n");
        foreach (var verb in Verbs(root))
        {
            script.Append($"complete -c flix -n __fish_use_subcommand -a {verb.Name} -d {FishQuote(FirstSentence(verb.Description))}\n");
        }

        foreach (var option in Options(root, root))
        {
            script.Append($"complete -c flix -n __fish_use_subcommand{FishOption(option)}\n");
        }

        foreach (var verb in Verbs(root))
        {
            foreach (var option in Options(verb, root))
            {
                script.Append($"complete -c flix -n '__fish_seen_subcommand_from {verb.Name}'{FishOption(option)}\n");
            }
        }

        return script.ToString();
    }

    private static IEnumerable<Command> Verbs(Command root) => root.Subcommands.Where(c => !c.Hidden);

    /// <summary>The options of <paramref name="command"/> and those it inherits from flix.</summary>
    private static IEnumerable<Option> Options(Command command, Command root) =>
        command.Options.Concat(ReferenceEquals(command, root) ? [] : root.Options.Where(o => o.Recursive)).Where(o => !o.Hidden);

    private static IEnumerable<string> OptionNames(Command command, Command root) =>
        Options(command, root).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string FishOption(Option option)
    {
        var text = new StringBuilder();
        foreach (var name in option.Aliases.Prepend(option.Name).Distinct(StringComparer.Ordinal))
        {
            text.Append(name.StartsWith("--", StringComparison.Ordinal) ? $" -l {name[2..]}" : $" -s {name[1..]}");
        }

        if (option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool))
        {
            text.Append(" -r");
        }

        return text.Append($" -d {FishQuote(FirstSentence(option.Description))}").ToString();
    }

    private static string FirstSentence(string? text)
    {
        text ??= string.Empty;
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('.');
    }

    private static string FishQuote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
