using System.Buffers;
using System.Globalization;
using System.Text;

namespace Flix.Sysext.Deploy;

/// <summary>
/// A systemd-sysupdate MatchPattern= as systemd.sysupdate(5) defines it, after its %-specifiers are expanded: literal
/// text, '/' separators and @-wildcards (<see cref="SysupdatePatternField"/>), each wildcard at most once, @v always,
/// two wildcards never side by side, '@@' a literal '@'. A wildcard takes the text up to the first occurrence of the
/// literal after it (or the rest of the name), and its text must be valid for its field — a version only of letters,
/// digits and ".,_-+" — or the name does not match.
/// </summary>
public sealed class SysupdatePattern
{
    private static readonly SearchValues<char> Reserved = SearchValues.Create("$*?[]!\\|");
    private static readonly SearchValues<char> VersionCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,_-+");

    private readonly List<Element> _elements;

    private SysupdatePattern(string text, List<Element> elements)
    {
        Text = text;
        _elements = elements;
    }

    /// <summary>The pattern as written, before specifiers were expanded.</summary>
    public string Text { get; }

    /// <summary>
    /// Expands the specifiers of <paramref name="pattern"/> with <paramref name="specifiers"/> and parses it; a pattern
    /// systemd-sysupdate would refuse is an <see cref="InvalidDataException"/> that says why.
    /// </summary>
    public static SysupdatePattern Parse(string pattern, SysupdateSpecifiers specifiers)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(specifiers);
        string source = $"MatchPattern={pattern}";
        string expanded = specifiers.Expand(pattern, source);
        var elements = new List<Element>();
        var found = new HashSet<SysupdatePatternField>();
        var literal = new StringBuilder();
        bool separated = true; // a literal or a slash came since the last wildcard (or nothing came yet)
        for (int i = 0; i < expanded.Length; i++)
        {
            char c = expanded[i];
            if (c == '@' && i + 1 < expanded.Length && expanded[i + 1] == '@')
            {
                literal.Append('@');
                i++;
                separated = true;
                continue;
            }

            if (c == '@')
            {
                if (i + 1 == expanded.Length)
                {
                    throw new InvalidDataException($"{source}: a trailing '@' is not a wildcard.");
                }

                char letter = expanded[++i];
                if (!Enum.IsDefined((SysupdatePatternField)letter))
                {
                    throw new InvalidDataException($"{source}: '@{letter}' is not a wildcard of systemd.sysupdate(5).");
                }

                var field = (SysupdatePatternField)letter;
                if (!found.Add(field))
                {
                    throw new InvalidDataException($"{source}: '@{letter}' appears twice.");
                }

                if (!separated)
                {
                    throw new InvalidDataException($"{source}: two wildcards need literal text between them to be told apart.");
                }

                Flush(literal, elements);
                elements.Add(new Element(ElementKind.Field, field, string.Empty));
                separated = false;
                continue;
            }

            if (c == '/')
            {
                Flush(literal, elements);
                elements.Add(new Element(ElementKind.Slash, default, "/"));
                separated = true;
                continue;
            }

            if (c < ' ' || c >= (char)127 || Reserved.Contains(c))
            {
                throw new InvalidDataException($"{source}: the character 0x{(int)c:x2} is not allowed in a pattern.");
            }

            literal.Append(c);
            separated = true;
        }

        Flush(literal, elements);
        if (!found.Contains(SysupdatePatternField.Version))
        {
            throw new InvalidDataException($"{source}: the pattern has no '@v'; systemd-sysupdate needs the version in it.");
        }

        return new SysupdatePattern(pattern, elements);
    }

    /// <summary>What <paramref name="name"/> gives the wildcards when it matches the whole pattern, else null.</summary>
    public SysupdatePatternMatch? Match(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var fields = new Dictionary<SysupdatePatternField, string>();
        int position = 0;
        for (int i = 0; i < _elements.Count; i++)
        {
            var element = _elements[i];
            if (element.Kind != ElementKind.Field)
            {
                if (!name.AsSpan(position).StartsWith(element.Literal, StringComparison.Ordinal))
                {
                    return null;
                }

                position += element.Literal.Length;
                continue;
            }

            int end;
            if (i + 1 == _elements.Count)
            {
                end = name.Length;
            }
            else
            {
                // Up to the first occurrence of what follows, as systemd splits: not the last, not a backtracking search.
                int next = name.IndexOf(_elements[i + 1].Literal, position, StringComparison.Ordinal);
                if (next < 0)
                {
                    if (_elements[i + 1].Kind != ElementKind.Slash)
                    {
                        return null;
                    }

                    next = name.Length;
                }

                end = next;
            }

            string value = name[position..end];
            if (!IsValid(element.Field, value))
            {
                return null;
            }

            fields[element.Field] = value;
            position = end;
        }

        return position == name.Length
            ? new SysupdatePatternMatch { Version = fields[SysupdatePatternField.Version], Fields = fields }
            : null;
    }

    public override string ToString() => Text;

    /// <summary>Whether <paramref name="value"/> is what the wildcard <paramref name="field"/> accepts.</summary>
    internal static bool IsValid(SysupdatePatternField field, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        return field switch
        {
            SysupdatePatternField.Version => value is not ("." or "..") && value.Length <= 255 && !value.AsSpan().ContainsAnyExcept(VersionCharacters),
            SysupdatePatternField.PartitionUuid => Guid.TryParseExact(value, "N", out _) || Guid.TryParseExact(value, "D", out _),
            SysupdatePatternField.PartitionFlags => ulong.TryParse(value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _),
            SysupdatePatternField.ModificationTime => IsDecimal(value, out ulong usec) && usec != ulong.MaxValue && usec / 1_000_000 <= long.MaxValue,
            SysupdatePatternField.Mode => IsOctalMode(value),
            SysupdatePatternField.Size or SysupdatePatternField.TriesDone or SysupdatePatternField.TriesLeft => IsDecimal(value, out ulong number) && number != ulong.MaxValue,
            SysupdatePatternField.NoAuto or SysupdatePatternField.ReadOnly or SysupdatePatternField.GrowFileSystem => IsBoolean(value),
            SysupdatePatternField.Sha256 => value.Length == 64 && value.All(char.IsAsciiHexDigit),
            _ => false,
        };
    }

    private static bool IsDecimal(string value, out ulong number) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);

    private static bool IsOctalMode(string value)
    {
        if (value.Length > 5 || !value.All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        int mode = Convert.ToInt32(value, 8);
        return mode <= 0xFFF && (mode & ~0x1FD) == 0; // at most 0775: no world-writable, no suid files
    }

    private static bool IsBoolean(string value) =>
        value.ToLowerInvariant() is "1" or "yes" or "y" or "true" or "t" or "on" or "0" or "no" or "n" or "false" or "f" or "off";

    private static void Flush(StringBuilder literal, List<Element> elements)
    {
        if (literal.Length > 0)
        {
            elements.Add(new Element(ElementKind.Literal, default, literal.ToString()));
            literal.Clear();
        }
    }

    private enum ElementKind
    {
        Literal,
        Slash,
        Field,
    }

    private readonly record struct Element(ElementKind Kind, SysupdatePatternField Field, string Literal);
}
