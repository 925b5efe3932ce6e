namespace Flix.Recipes.Versions;

/// <summary>
/// What "latest" means for a recipe, computed from its own version list: the newest version, or the newest patch of
/// each of the <see cref="Minors"/> newest minor lines (a catalogue that publishes several supported lines).
/// </summary>
public sealed record LatestPolicy(int Minors)
{
    public static LatestPolicy Newest { get; } = new(0);

    /// <summary>Parses <c>newest</c> or <c>per-minor N</c>; null when it is neither.</summary>
    public static LatestPolicy? TryParse(string? text)
    {
        if (text is null || text == "newest")
        {
            return Newest;
        }

        const string prefix = "per-minor ";
        return text.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(text[prefix.Length..], out var n) && n is > 0 and <= 100
            ? new LatestPolicy(n)
            : null;
    }

    /// <summary>The versions "latest" stands for, newest first, from <paramref name="newestFirst"/>.</summary>
    public IReadOnlyList<RecipeVersion> Select(IReadOnlyList<RecipeVersion> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        if (newestFirst.Count == 0)
        {
            return [];
        }

        if (Minors == 0)
        {
            return [newestFirst[0]];
        }

        var chosen = new List<RecipeVersion>();
        var lines = new HashSet<(ulong, ulong)>();
        foreach (var version in newestFirst)
        {
            var line = ((ulong)version.Semantic.Major, (ulong)version.Semantic.Minor);
            if (lines.Add(line))
            {
                chosen.Add(version);
                if (chosen.Count == Minors)
                {
                    break;
                }
            }
        }

        return chosen;
    }

    public override string ToString() => Minors == 0 ? "newest" : $"per-minor {Minors}";
}
