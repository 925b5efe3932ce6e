using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// Points the command lines of a systemd unit (<c>ExecStart=</c>, <c>ExecStartPre=</c>, <c>ExecReload=</c>…) at
/// the wrappers: the program of each line is looked up, and when it has a wrapper its path is replaced, keeping
/// the line's prefixes (<c>-@:+!</c>), arguments and everything else of the file as it was. Conditions and
/// assertions on the program's file (Debian's nginx.service has <c>ConditionFileIsExecutable=/usr/sbin/nginx</c>)
/// are pointed at the wrapper too, or the unit would be skipped on a host without that file.
/// </summary>
public static class UnitFileRewriter
{
    /// <summary>The settings whose value starts with a program path.</summary>
    public static IReadOnlyList<string> CommandSettings { get; } =
        ["ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost"];

    /// <summary>The settings whose value is a path the program's file may be checked at.</summary>
    public static IReadOnlyList<string> PathSettings { get; } =
        ["ConditionFileIsExecutable", "AssertFileIsExecutable", "ConditionPathExists", "AssertPathExists", "ConditionFileNotEmpty", "AssertFileNotEmpty"];

    /// <summary>The file name endings of unit files.</summary>
    public static IReadOnlyList<string> UnitSuffixes { get; } =
        [".service", ".socket", ".timer", ".path", ".mount", ".automount", ".swap", ".target", ".slice", ".scope"];

    /// <summary>True when <paramref name="fileName"/> names a systemd unit.</summary>
    public static bool IsUnitFileName(string fileName) =>
        UnitSuffixes.Any(suffix => fileName.Length > suffix.Length && fileName.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>
    /// Rewrites <paramref name="unit"/>: <paramref name="wrapperFor"/> gives the wrapper path for a program path of
    /// the unit, or null to leave it. Returns the new text and the programs that were left as they were.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Unwrapped) Rewrite(string unit, Func<string, string?> wrapperFor)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(wrapperFor);
        var unwrapped = new List<string>();
        var output = new StringBuilder(unit.Length + 64);
        bool continued = false;
        foreach (var line in SplitKeepingEnds(unit))
        {
            string content = line.TrimEnd('\r', '\n');
            bool wasContinuation = continued;
            continued = content.EndsWith('\\');
            if (!wasContinuation && TryRewriteLine(line, wrapperFor, unwrapped) is { } rewritten)
            {
                output.Append(rewritten);
            }
            else
            {
                output.Append(line);
            }
        }

        return (output.ToString(), unwrapped);
    }

    /// <summary>Writes <paramref name="path"/> as one word of a unit's command line: quoted when needed, '%' doubled.</summary>
    public static string QuoteForUnit(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string escaped = path.Replace("%", "%%", StringComparison.Ordinal);
        if (!escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';'))
        {
            return escaped;
        }

        var builder = new StringBuilder("\"");
        foreach (char c in escaped)
        {
            switch (c)
            {
                case '"' or '\\':
                    builder.Append('\\').Append(c);
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string? TryRewriteLine(string line, Func<string, string?> wrapperFor, List<string> unwrapped)
    {
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        string setting = equals <= 0 ? string.Empty : line[..equals].Trim();
        bool command = CommandSettings.Contains(setting, StringComparer.Ordinal);
        if (!command && !PathSettings.Contains(setting, StringComparer.Ordinal))
        {
            return null;
        }

        int start = equals + 1;
        while (start < line.Length && line[start] is ' ' or '\t')
        {
            start++;
        }

        while (start < line.Length && line[start] is '-' or '@' or ':' or '+' or '!' or '|')
        {
            start++;
        }

        if (start >= line.Length || line[start] is '\r' or '\n')
        {
            return null; // an empty value resets the list
        }

        int end;
        string program;
        if (line[start] is '"' or '\'')
        {
            int close = line.IndexOf(line[start], start + 1);
            if (close < 0)
            {
                return null;
            }

            end = close + 1;
            program = line[(start + 1)..close];
        }
        else
        {
            end = start;
            while (end < line.Length && !char.IsWhiteSpace(line[end]))
            {
                end++;
            }

            program = line[start..end];
        }

        if (wrapperFor(program) is { } wrapper)
        {
            return string.Concat(line.AsSpan(0, start), QuoteForUnit(wrapper), line.AsSpan(end));
        }

        if (command && !unwrapped.Contains(program, StringComparer.Ordinal))
        {
            unwrapped.Add(program);
        }

        return null;
    }

    private static IEnumerable<string> SplitKeepingEnds(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline + 1;
            yield return text[start..end];
            start = end;
        }
    }
}
