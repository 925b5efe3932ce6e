namespace Flix.Fetch;

/// <summary>
/// URL rewrites for air-gapped sites, caches and tests: each rule <c>FROM=TO</c> replaces the prefix FROM of a URL
/// by TO. The longest matching FROM wins; a URL no rule matches is left as it is.
/// </summary>
public sealed class MirrorMap
{
    private readonly List<(string From, string To)> _rules = [];

    /// <summary>No rewrites.</summary>
    public static MirrorMap None { get; } = new();

    /// <summary>The rules, in the order they were added.</summary>
    public IReadOnlyList<(string From, string To)> Rules => _rules;

    /// <summary>Parses <c>FROM=TO</c> rules; throws <see cref="FormatException"/> naming the bad one.</summary>
    public static MirrorMap Parse(IEnumerable<string> rules, string origin = "--mirror")
    {
        ArgumentNullException.ThrowIfNull(rules);
        var map = new MirrorMap();
        foreach (var rule in rules)
        {
            map.Add(rule, origin);
        }

        return map;
    }

    /// <summary>Reads rules from a file: one <c>FROM=TO</c> per line, blank lines and <c>#</c> comments ignored.</summary>
    public void AddFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            Add(line, $"{path}:{number}");
        }
    }

    /// <summary>Adds one <c>FROM=TO</c> rule; <paramref name="origin"/> names where it came from in errors.</summary>
    public void Add(string rule, string origin = "--mirror")
    {
        ArgumentNullException.ThrowIfNull(rule);
        var equals = rule.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == rule.Length - 1)
        {
            throw new FormatException($"{origin}: '{Digest.Printable(rule)}' is not FROM=TO (two URL prefixes).");
        }

        var from = rule[..equals].Trim();
        var to = rule[(equals + 1)..].Trim();
        foreach (var url in new[] { from, to })
        {
            if (!url.Contains("://", StringComparison.Ordinal))
            {
                throw new FormatException($"{origin}: '{Digest.Printable(url)}' in '{Digest.Printable(rule)}' is not a URL prefix (scheme://…).");
            }
        }

        _rules.Add((from, to));
    }

    /// <summary>The URL after the longest matching rule, or <paramref name="url"/> itself.</summary>
    public string Rewrite(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        (string From, string To)? best = null;
        foreach (var rule in _rules)
        {
            if (url.StartsWith(rule.From, StringComparison.Ordinal) && (best is null || rule.From.Length > best.Value.From.Length))
            {
                best = rule;
            }
        }

        return best is { } chosen ? chosen.To + url[chosen.From.Length..] : url;
    }

    /// <summary>The URI after the longest matching rule.</summary>
    public Uri Rewrite(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var rewritten = Rewrite(uri.OriginalString);
        return ReferenceEquals(rewritten, uri.OriginalString) ? uri : new Uri(rewritten, UriKind.Absolute);
    }
}
