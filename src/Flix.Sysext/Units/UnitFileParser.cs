using System.Text;

namespace Flix.Sysext.Units;

/// <summary>
/// Reads the assignments of a systemd unit file (or drop-in) as systemd's configuration parser does: comment lines
/// start with <c>#</c> or <c>;</c> (also inside a continuation), a line ending in a backslash continues on the next one
/// (the backslash becomes a space), whitespace around the key and value is dropped, <c>[Section]</c> lines open
/// sections. Nothing is rejected: lines that are not assignments are skipped, as the text is only read, never checked.
/// </summary>
public static class UnitFileParser
{
    /// <summary>The assignments of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<UnitSetting> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = new List<UnitSetting>();
        string section = string.Empty;
        var lines = PhysicalLines(text).ToList();
        for (int index = 0; index < lines.Count; index++)
        {
            var (start, length) = lines[index];
            var (contentStart, contentLength) = Strip(text, start, length);
            if (contentLength == 0 || text[contentStart] is '#' or ';')
            {
                continue;
            }

            if (text[contentStart] == '[')
            {
                if (text[contentStart + contentLength - 1] == ']')
                {
                    section = text.Substring(contentStart + 1, contentLength - 2);
                }

                continue;
            }

            int firstLine = index + 1;
            var value = new StringBuilder();
            var pieces = new List<(int, int, int)>();
            int equals = text.IndexOf('=', contentStart, contentLength);
            string key = equals < 0 ? string.Empty : text[contentStart..equals].TrimEnd(' ', '\t');
            int pieceStart = equals < 0 ? contentStart : equals + 1;
            int pieceEnd = contentStart + contentLength;
            while (true)
            {
                bool continued = pieceEnd > pieceStart && text[pieceEnd - 1] == '\\';
                int runEnd = continued ? pieceEnd - 1 : pieceEnd;
                if (pieces.Count == 0)
                {
                    while (pieceStart < runEnd && text[pieceStart] is ' ' or '\t')
                    {
                        pieceStart++;
                    }
                }

                pieces.Add((value.Length, pieceStart, runEnd - pieceStart));
                value.Append(text, pieceStart, runEnd - pieceStart);
                if (!continued || index + 1 >= lines.Count)
                {
                    break;
                }

                value.Append(' ');

                // The next line that is no comment continues this one.
                (int nextStart, int nextLength) = (0, 0);
                while (++index < lines.Count)
                {
                    (nextStart, nextLength) = Strip(text, lines[index].Start, lines[index].Length);
                    if (nextLength == 0 || text[nextStart] is not ('#' or ';'))
                    {
                        break;
                    }
                }

                if (index >= lines.Count)
                {
                    break;
                }

                pieceStart = nextStart;
                pieceEnd = nextStart + nextLength;
            }

            if (key.Length > 0)
            {
                settings.Add(new UnitSetting { Section = section, Key = key, Value = value.ToString(), Line = firstLine, Pieces = pieces });
            }
        }

        return settings;
    }

    /// <summary>The values of <paramref name="key"/> in <paramref name="section"/>, in order (an empty value included).</summary>
    public static IEnumerable<string> Values(IEnumerable<UnitSetting> settings, string section, string key) =>
        settings.Where(s => s.Section == section && s.Key == key).Select(s => s.Value);

    /// <summary>The start and length of each line of <paramref name="text"/>, without its line break.</summary>
    private static IEnumerable<(int Start, int Length)> PhysicalLines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;
            yield return (start, end - start);
            start = end + 1;
        }
    }

    /// <summary>The line without leading and trailing whitespace (a CR included).</summary>
    private static (int Start, int Length) Strip(string text, int start, int length)
    {
        int end = start + length;
        while (start < end && text[start] is ' ' or '\t' or '\r')
        {
            start++;
        }

        while (end > start && text[end - 1] is ' ' or '\t' or '\r')
        {
            end--;
        }

        return (start, end - start);
    }
}
