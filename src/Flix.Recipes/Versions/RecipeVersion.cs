using Semver;

namespace Flix.Recipes.Versions;

/// <summary>
/// An upstream version as the upstream writes it (<c>v1.32.2+k3s1</c>, <c>0.14.1</c>, <c>1.2</c>), ordered as a
/// semantic version: precedence first, then build metadata compared naturally (k3s2 before k3s10).
/// </summary>
public sealed class RecipeVersion : IComparable<RecipeVersion>, IEquatable<RecipeVersion>
{
    private RecipeVersion(string text, SemVersion semantic)
    {
        Text = text;
        Semantic = semantic;
    }

    /// <summary>The version exactly as listed upstream; it names the output file.</summary>
    public string Text { get; }

    public SemVersion Semantic { get; }

    /// <summary>The text without a leading <c>v</c>.</summary>
    public string WithoutV => Text.StartsWith('v') || Text.StartsWith('V') ? Text[1..] : Text;

    public bool IsPrerelease => Semantic.IsPrerelease;

    /// <summary>Parses loosely (a leading v, missing minor or patch, build metadata); null when it is no version.</summary>
    public static RecipeVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 128)
        {
            return null;
        }

        text = text.Trim();
        return SemVersion.TryParse(text, SemVersionStyles.Any, out var semantic) ? new RecipeVersion(text, semantic) : null;
    }

    public int CompareTo(RecipeVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byPrecedence = SemVersion.ComparePrecedence(Semantic, other.Semantic);
        if (byPrecedence != 0)
        {
            return byPrecedence;
        }

        var byMetadata = NaturalCompare(Semantic.Metadata, other.Semantic.Metadata);
        return byMetadata != 0 ? byMetadata : string.CompareOrdinal(Text, other.Text);
    }

    public bool Equals(RecipeVersion? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => obj is RecipeVersion other && Equals(other);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;

    /// <summary>Compares digit runs as numbers and the rest ordinally.</summary>
    private static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a[si..i].TrimStart('0');
                var nb = b[sj..j].TrimStart('0');
                var byLength = na.Length.CompareTo(nb.Length);
                if (byLength != 0)
                {
                    return byLength;
                }

                var byDigits = string.CompareOrdinal(na, nb);
                if (byDigits != 0)
                {
                    return byDigits;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }
}
