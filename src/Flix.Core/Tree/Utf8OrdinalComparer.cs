namespace Flix.Core.Tree;

/// <summary>
/// Orders strings as their UTF-8 bytes compare (strcmp order), which is Unicode code point order.
/// UTF-16 ordinal order differs for U+E000..U+FFFF against supplementary characters, and SquashFS
/// directories must be sorted by bytes.
/// </summary>
public sealed class Utf8OrdinalComparer : IComparer<string>
{
    public static Utf8OrdinalComparer Instance { get; } = new();

    private Utf8OrdinalComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            char a = x[i];
            char b = y[i];
            if (a == b)
            {
                continue;
            }

            // Surrogates (D800..DFFF) encode code points above FFFF, so they sort after E000..FFFF.
            return Fixup(a).CompareTo(Fixup(b));
        }

        return x.Length.CompareTo(y.Length);
    }

    private static int Fixup(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
