using System.Globalization;
using System.Text;

namespace Flix.Core.Text;

/// <summary>
/// Makes text from an image (file names, DT_NEEDED strings, link targets) safe to print on one line: control
/// characters, line and paragraph separators become visible escapes, so a name can neither break a message over
/// several lines nor send escape sequences to the terminal.
/// </summary>
public static class PrintableText
{
    /// <summary><paramref name="text"/> with every control character written as an escape (\n, \t, \r, \xNN, \uNNNN).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfUnprintable(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (IsUnprintable(c))
                    {
                        builder.Append(c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static int IndexOfUnprintable(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnprintable(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnprintable(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
