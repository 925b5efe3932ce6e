using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// Points the programs of a systemd unit at where an extension puts them: every command of every <c>Exec…=</c>
/// setting (all commands of a line, as <see cref="ExecLineParser"/> splits them) and the conditions and assertions
/// on a program's file (<c>ConditionFileIsExecutable=</c>, <c>ConditionPathExists=</c>…). Only the program words
/// change; prefixes, arguments, comments and line ends stay byte for byte. Commands whose program is not shipped are
/// listed, so that the caller can warn naming the unit and the line.
/// </summary>
public static class UnitProgramRewriter
{
    /// <summary>The settings whose value is one or more command lines.</summary>
    public static IReadOnlyList<string> CommandSettings { get; } =
        ["ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPre", "ExecStopPost"];

    /// <summary>The settings whose value is a path the program's file may be checked at (after <c>|</c> and <c>!</c>).</summary>
    public static IReadOnlyList<string> PathSettings { get; } =
        ["ConditionFileIsExecutable", "AssertFileIsExecutable", "ConditionPathExists", "AssertPathExists", "ConditionFileNotEmpty", "AssertFileNotEmpty"];

    /// <summary>
    /// Rewrites <paramref name="unit"/>: <paramref name="shippedAt"/> gives, for a program path as the unit names it,
    /// where the extension ships it, or null when it does not.
    /// </summary>
    public static UnitRewrite Rewrite(string unit, Func<string, string?> shippedAt)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(shippedAt);
        var replacements = new List<(int Start, int End, string Text)>();
        var rewritten = new List<UnitProgramReference>();
        var unshipped = new List<UnitProgramReference>();
        foreach (var setting in UnitFileParser.Parse(unit))
        {
            if (CommandSettings.Contains(setting.Key, StringComparer.Ordinal))
            {
                RewriteCommands(setting, shippedAt, replacements, rewritten, unshipped);
            }
            else if (PathSettings.Contains(setting.Key, StringComparer.Ordinal))
            {
                RewritePath(setting, shippedAt, replacements);
            }
        }

        var text = new StringBuilder(unit.Length + 64);
        int copied = 0;
        foreach (var (start, end, replacement) in replacements.OrderBy(r => r.Start))
        {
            text.Append(unit, copied, start - copied).Append(replacement);
            copied = end;
        }

        text.Append(unit, copied, unit.Length - copied);
        return new UnitRewrite { Text = text.ToString(), Rewritten = rewritten, Unshipped = unshipped };
    }

    private static void RewriteCommands(
        UnitSetting setting,
        Func<string, string?> shippedAt,
        List<(int, int, string)> replacements,
        List<UnitProgramReference> rewritten,
        List<UnitProgramReference> unshipped)
    {
        IReadOnlyList<ExecCommand> commands;
        try
        {
            commands = ExecLineParser.Parse(setting.Value);
        }
        catch (FormatException)
        {
            return; // systemd ignores the line too ("Unbalanced quoting, ignoring")
        }

        foreach (var command in commands)
        {
            var reference = new UnitProgramReference(setting.Line, setting.Key, command.Program ?? command.RawProgramWord.TrimStart(ExecLineParser.PrefixCharacters.ToCharArray()));
            if (command.Program is not { Length: > 0 } program || shippedAt(program) is not { } target)
            {
                unshipped.Add(reference);
                continue;
            }

            if (target == program)
            {
                continue;
            }

            if (setting.TextSpan(command.ProgramStart, command.ProgramEnd) is not { } span)
            {
                unshipped.Add(reference); // a program word broken across lines: left alone
                continue;
            }

            replacements.Add((span.Start, span.End, command.Prefixes + ExecLineParser.Quote(target)));
            rewritten.Add(reference with { Program = program });
        }
    }

    private static void RewritePath(UnitSetting setting, Func<string, string?> shippedAt, List<(int, int, string)> replacements)
    {
        string value = setting.Value;
        int start = 0;
        while (start < value.Length && value[start] is '|' or '!' or ' ' or '\t')
        {
            start++;
        }

        string raw = value[start..].TrimEnd();
        if (raw.Length == 0 || raw.Replace("%%", string.Empty, StringComparison.Ordinal).Contains('%', StringComparison.Ordinal))
        {
            return;
        }

        string path = raw.Replace("%%", "%", StringComparison.Ordinal);
        if (shippedAt(path) is { } target && target != path && setting.TextSpan(start, start + raw.Length) is { } span)
        {
            replacements.Add((span.Start, span.End, target.Replace("%", "%%", StringComparison.Ordinal)));
        }
    }
}
