using System.Text;

namespace Flix.Recipes.Model;

/// <summary>
/// A string with <c>{variable}</c> holes (<c>{version}</c>, <c>{version_nov}</c>, <c>{arch}</c>…), parsed once so
/// an unknown variable or an unbalanced brace is found when the recipe is checked, not when it is baked.
/// </summary>
public sealed class UrlTemplate
{
    private readonly List<(bool IsVariable, string Text)> _parts;

    private UrlTemplate(string text, List<(bool, string)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The variables the template uses.</summary>
    public IEnumerable<string> Variables => _parts.Where(p => p.IsVariable).Select(p => p.Text);

    /// <summary>Parses <paramref name="text"/>; the problem is a sentence when it is not a template.</summary>
    public static UrlTemplate? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(bool, string)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                problem = $"'}}' at {i} closes nothing; write variables as {{name}}.";
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                problem = $"'{{' at {i} is not closed.";
                return null;
            }

            var name = text[(i + 1)..close];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            {
                problem = $"'{{{name}}}' is not a variable name (letters, digits, '_').";
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add((false, literal.ToString()));
                literal.Clear();
            }

            parts.Add((true, name));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add((false, literal.ToString()));
        }

        problem = null;
        return new UrlTemplate(text, parts);
    }

    /// <summary>The text with each variable replaced; throws <see cref="KeyNotFoundException"/> for a variable not given.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder();
        foreach (var (isVariable, text) in _parts)
        {
            result.Append(isVariable
                ? values.TryGetValue(text, out var value) ? value : throw new KeyNotFoundException($"The template '{Text}' uses {{{text}}}, which has no value.")
                : text);
        }

        return result.ToString();
    }

    public override string ToString() => Text;
}
