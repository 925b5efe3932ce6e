using System.Text.RegularExpressions;

namespace Flix.Recipes.Model;

/// <summary>
/// A path pattern over archive entries: <c>*</c> and <c>?</c> within one name, <c>**</c> across any number of
/// folders, <c>[abc]</c> a set. Matching is ordinal and anchored at both ends.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    private Glob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>Parses <paramref name="pattern"/>; null (and why) when it is not a pattern.</summary>
    public static Glob? TryParse(string pattern, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern.TrimStart('/');
        if (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length == 0 || text.Split('/').Any(part => part is "." or ".."))
        {
            problem = $"'{pattern}' is not a path pattern inside the archive.";
            return null;
        }

        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (c == '[')
            {
                var close = text.IndexOf(']', i + 1);
                if (close < 0)
                {
                    problem = $"'[' in '{pattern}' is not closed.";
                    return null;
                }

                regex.Append('[').Append(Regex.Escape(text[(i + 1)..close]).Replace("\\-", "-", StringComparison.Ordinal)).Append(']');
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        problem = null;
        return new Glob(text, new Regex(regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    /// <summary>True when <paramref name="path"/> (relative, '/'-separated) matches.</summary>
    public bool IsMatch(string path) => _regex.IsMatch(path);

    /// <summary>
    /// How many leading folders of a matched path a folder copy drops: those the pattern names before its <c>**</c>
    /// (wildcards included, so <c>tool-*/share/tool/**</c> keeps what is below share/tool of whatever the top
    /// folder is called), or all but the last name for a pattern without <c>**</c>.
    /// </summary>
    public int FixedDepth
    {
        get
        {
            var parts = Pattern.Split('/');
            var recursive = Array.FindIndex(parts, p => p.Contains("**", StringComparison.Ordinal));
            return recursive < 0 ? parts.Length - 1 : recursive;
        }
    }

    public override string ToString() => Pattern;
}
