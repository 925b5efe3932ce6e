using System.Globalization;
using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// Splits the value of an <c>Exec…=</c> setting into its commands the way systemd does (systemd.service(5), "Command
/// lines"; systemd.syntax(7), "Quoting"): words are separated by whitespace; a lone unquoted <c>;</c> ends a command
/// and <c>\;</c> is a literal <c>;</c> argument; single and double quotes may appear anywhere in a word; C escapes
/// (<c>\n</c>, <c>\x5c</c>, <c>\101</c>, <c>\u00e9</c>…) are resolved inside and outside quotes, an unknown one kept
/// as written; <c>%%</c> is a literal <c>%</c> and other specifiers make the word unknown until the host expands
/// them. The first word of each command starts with its prefixes (<c>-@:+!</c>, <c>!!</c>, <c>|</c>).
/// </summary>
public static class ExecLineParser
{
    /// <summary>The characters systemd allows in front of a command's program.</summary>
    public const string PrefixCharacters = "-@:+!|";

    /// <summary>The commands of <paramref name="value"/>; throws <see cref="FormatException"/> on unbalanced quotes.</summary>
    public static IReadOnlyList<ExecCommand> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var commands = new List<ExecCommand>();
        int position = 0;
        Word? program = null;
        var arguments = new List<string>();
        while (true)
        {
            position = SkipWhitespace(value, position);
            if (position >= value.Length)
            {
                break;
            }

            if (IsLoneWord(value, position, ";"))
            {
                Finish(commands, ref program, arguments);
                position++;
                continue;
            }

            if (IsLoneWord(value, position, "\\;"))
            {
                // A literal ';' argument (as a program it is a file name like any other).
                var literal = new Word(position, position + 2, ";", Known: true);
                position += 2;
                if (program is null)
                {
                    program = literal;
                }
                else
                {
                    arguments.Add(";");
                }

                continue;
            }

            var word = ReadWord(value, position);
            position = word.End;
            if (program is null)
            {
                program = word;
            }
            else
            {
                arguments.Add(word.Text);
            }
        }

        Finish(commands, ref program, arguments);
        return commands;

        void Finish(List<ExecCommand> list, ref Word? first, List<string> args)
        {
            if (first is { } word)
            {
                int prefixLength = 0;
                while (prefixLength < word.Text.Length && PrefixCharacters.Contains(word.Text[prefixLength], StringComparison.Ordinal))
                {
                    prefixLength++;
                }

                list.Add(new ExecCommand
                {
                    Prefixes = word.Text[..prefixLength],
                    Program = word.Known ? word.Text[prefixLength..] : null,
                    RawProgramWord = value[word.Start..word.End],
                    ProgramStart = word.Start,
                    ProgramEnd = word.End,
                    Arguments = [.. args],
                });
            }

            first = null;
            args.Clear();
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> as one word of a command line that systemd reads back as exactly that path:
    /// <c>%</c> doubled, quoted with C escapes when it holds whitespace, quotes, backslashes, a leading prefix character,
    /// control characters or is a lone <c>;</c>.
    /// </summary>
    public static string Quote(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string escaped = path.Replace("%", "%%", StringComparison.Ordinal);
        bool plain = escaped.Length > 0 && escaped != ";"
            && !escaped.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '\\');
        if (plain)
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
                case < ' ' or '\u007f':
                    builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static int SkipWhitespace(string value, int position)
    {
        while (position < value.Length && IsWhitespace(value[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>True when <paramref name="word"/> stands at <paramref name="position"/> followed by whitespace or the end.</summary>
    private static bool IsLoneWord(string value, int position, string word) =>
        string.CompareOrdinal(value, position, word, 0, word.Length) == 0
        && (position + word.Length == value.Length || IsWhitespace(value[position + word.Length]));

    /// <summary>Reads one word starting at <paramref name="start"/>: quotes removed, escapes and <c>%%</c> resolved.</summary>
    private static Word ReadWord(string value, int start)
    {
        var text = new WordBuilder();
        bool known = true;
        char quote = '\0';
        int position = start;
        while (position < value.Length)
        {
            char c = value[position];
            if (quote == '\0' && IsWhitespace(c))
            {
                break;
            }

            if (c == '%')
            {
                if (position + 1 < value.Length && value[position + 1] == '%')
                {
                    text.Append('%');
                }
                else
                {
                    // A specifier: its value is the host's. Keep it as written so that arguments stay readable.
                    known = false;
                    text.Append(value.AsSpan(position, Math.Min(2, value.Length - position)));
                }

                position += 2;
                continue;
            }

            if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
                position++;
                continue;
            }

            if (quote != '\0' && c == quote)
            {
                quote = '\0';
                position++;
                continue;
            }

            if (c == '\\')
            {
                position = Unescape(value, position, text);
                continue;
            }

            // A surrogate pair is one character: append both halves together.
            int length = char.IsHighSurrogate(c) && position + 1 < value.Length && char.IsLowSurrogate(value[position + 1]) ? 2 : 1;
            text.Append(value.AsSpan(position, length));
            position += length;
        }

        if (quote != '\0')
        {
            throw new FormatException($"Unbalanced quoting in the command line '{value}'.");
        }

        return new Word(start, position, text.ToString(), known);
    }

    /// <summary>Appends the character of the escape at <paramref name="position"/>; returns the position after it.</summary>
    private static int Unescape(string value, int position, WordBuilder text)
    {
        if (position + 1 >= value.Length)
        {
            text.Append('\\');
            return position + 1;
        }

        char next = value[position + 1];
        char? simple = next switch
        {
            'a' => '\a',
            'b' => '\b',
            'f' => '\f',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\v',
            's' => ' ',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            _ => null,
        };
        if (simple is { } character)
        {
            text.Append(character);
            return position + 2;
        }

        if (next == 'x' && TryHex(value, position + 2, 2, out int hex) && hex != 0)
        {
            text.AppendByte((byte)hex);
            return position + 4;
        }

        if (next is 'u' or 'U' && TryHex(value, position + 2, next == 'u' ? 4 : 8, out int codePoint)
            && codePoint is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
        {
            text.Append(char.ConvertFromUtf32(codePoint).AsSpan());
            return position + (next == 'u' ? 6 : 10);
        }

        if (next is >= '0' and <= '3' && TryOctal(value, position + 1, out int octal) && octal != 0)
        {
            text.AppendByte((byte)octal);
            return position + 4;
        }

        // An unknown escape: systemd warns and keeps it as written.
        text.Append('\\');
        text.Append(next);
        return position + 2;
    }

    private static bool TryHex(string value, int start, int length, out int result)
    {
        result = 0;
        return start + length <= value.Length
            && int.TryParse(value.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryOctal(string value, int start, out int result)
    {
        result = 0;
        if (start + 3 > value.Length)
        {
            return false;
        }

        for (int i = start; i < start + 3; i++)
        {
            if (value[i] is < '0' or > '7')
            {
                return false;
            }

            result = (result * 8) + (value[i] - '0');
        }

        return true;
    }

    /// <summary>The bytes of a word: escapes give bytes (<c>\xc3\xa9</c> is one UTF-8 character), text gives its UTF-8.</summary>
    private sealed class WordBuilder
    {
        private readonly List<byte> _bytes = [];

        public void Append(char c) => Append(new ReadOnlySpan<char>(in c));

        public void Append(ReadOnlySpan<char> text) => _bytes.AddRange(Encoding.UTF8.GetBytes(text.ToArray()));

        public void AppendByte(byte b) => _bytes.Add(b);

        public override string ToString() => Encoding.UTF8.GetString([.. _bytes]);
    }

    /// <summary>A word as read: where it lies in the value, its text, and whether no specifier hides its value.</summary>
    private readonly record struct Word(int Start, int End, string Text, bool Known);
}
