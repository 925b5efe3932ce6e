namespace Flix.Install.Packages;

/// <summary>
/// One stanza of a Debian control file (deb822): <c>Field: value</c> lines, a line starting with a space or tab
/// continuing the field before it; stanzas are separated by blank lines.
/// </summary>
internal sealed class ControlStanza
{
    /// <summary>Each field's lines (continuations appended, so that a long field costs linear time).</summary>
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.OrdinalIgnoreCase);

    public string? Get(string field) => _fields.TryGetValue(field, out var lines) ? string.Join('\n', lines) : null;

    /// <summary>Every stanza of <paramref name="text"/> (the file <paramref name="path"/> of the image).</summary>
    public static IEnumerable<ControlStanza> ParseAll(string text, string path)
    {
        var stanza = new ControlStanza();
        string? field = null;
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (stanza._fields.Count > 0)
                {
                    yield return stanza;
                }

                stanza = new ControlStanza();
                field = null;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (field is null)
                {
                    throw new PackageDatabaseException($"Line {lineNumber} of the image's {path} continues no field.");
                }

                stanza._fields[field].Add(line[1..]);
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new PackageDatabaseException($"Line {lineNumber} of the image's {path} is not a 'Field: value' line.");
            }

            field = line[..colon];
            stanza._fields[field] = [line[(colon + 1)..].Trim()];
        }

        if (stanza._fields.Count > 0)
        {
            yield return stanza;
        }
    }

    /// <summary>The package names of a relationship field (<c>a (>= 1), b | c, d:any</c> gives a, b, d).</summary>
    public static IEnumerable<string> PackageNames(string? relationships)
    {
        if (string.IsNullOrWhiteSpace(relationships))
        {
            yield break;
        }

        foreach (var clause in relationships.Split(','))
        {
            string first = clause.Split('|')[0].Trim();
            int end = 0;
            while (end < first.Length && first[end] is not (' ' or '(' or ':' or '[' or '<'))
            {
                end++;
            }

            if (end > 0)
            {
                yield return first[..end];
            }
        }
    }
}
