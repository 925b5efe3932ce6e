namespace Flix.FlixMode;

/// <summary>
/// Expands a DT_RPATH/DT_RUNPATH value into folders of the image at build time, as the image's loader would at run
/// time: glibc knows <c>$ORIGIN</c>, <c>$LIB</c> and <c>$PLATFORM</c> (also as <c>${...}</c>) and drops an element
/// with any other token; musl knows only <c>$ORIGIN</c> and drops the whole value when another token is used.
/// </summary>
public static class SearchPathExpander
{
    /// <summary>The absolute folders <paramref name="value"/> names for an object whose folder is <paramref name="origin"/>.</summary>
    public static IReadOnlyList<string> Expand(string? value, string origin, ImageLoader loader)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(loader);
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var folders = new List<string>();
        foreach (var element in value.Split(':'))
        {
            if (element.Length == 0)
            {
                continue;
            }

            string expanded = Substitute(element, "ORIGIN", origin);
            if (loader.Flavor == LoaderFlavor.Glibc)
            {
                expanded = Substitute(Substitute(expanded, "LIB", loader.LibToken), "PLATFORM", loader.Platform);
            }

            if (expanded.Contains('$', StringComparison.Ordinal))
            {
                if (loader.Flavor == LoaderFlavor.Musl)
                {
                    return [];
                }

                continue;
            }

            if (expanded.StartsWith('/'))
            {
                folders.Add(expanded);
            }
        }

        return folders;
    }

    private static string Substitute(string text, string token, string value) =>
        text.Replace("${" + token + "}", value, StringComparison.Ordinal).Replace("$" + token, value, StringComparison.Ordinal);
}
