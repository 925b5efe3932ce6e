using System.Text;

namespace Flix.Core.Text;

/// <summary>
/// Quotes text for a POSIX shell script. Everything goes inside single quotes, where the shell gives no character
/// a meaning ($, `, \, ", spaces and newlines stay literal); a single quote itself is written as '\''.
/// </summary>
public static class ShellQuote
{
    /// <summary>The shell word that stands for exactly <paramref name="value"/>; throws on a NUL, which no shell word can hold.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL byte, which a shell script cannot hold.", nameof(value));
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (char c in value)
        {
            if (c == '\'')
            {
                builder.Append("'\\''");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>Each of <paramref name="values"/> quoted, separated by spaces.</summary>
    public static string Join(IEnumerable<string> values) => string.Join(' ', values.Select(Quote));
}
