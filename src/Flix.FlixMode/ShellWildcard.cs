namespace Flix.FlixMode;

/// <summary>
/// Matches one path component against a shell wildcard (<c>*</c>, <c>?</c>, <c>[set]</c>, <c>[!set]</c>) as glob(3)
/// does, without the exponential backtracking of a recursive matcher: on a mismatch only the last <c>*</c> takes one
/// more character, since an earlier star can never do better than the last one. At most pattern × name steps.
/// </summary>
public static class ShellWildcard
{
    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> (both one path component).</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0;
        int starPattern = -1, starName = -1;
        while (true)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                if (p == pattern.Length)
                {
                    return true; // a trailing star takes the rest of the name
                }

                starPattern = p;
                starName = n;
                continue;
            }

            if (n == name.Length)
            {
                if (p == pattern.Length)
                {
                    return true;
                }
            }
            else if (p < pattern.Length && MatchesOne(pattern, p, name[n], out int next))
            {
                p = next;
                n++;
                continue;
            }

            // Mismatch: the last star takes one more character, or there is nothing left to try.
            if (starPattern < 0 || starName >= name.Length)
            {
                return false;
            }

            starName++;
            n = starName;
            p = starPattern;
        }
    }

    /// <summary>Whether the single-character token at <paramref name="at"/> (a literal, ?, or [set]) matches <paramref name="c"/>.</summary>
    private static bool MatchesOne(ReadOnlySpan<char> pattern, int at, char c, out int next)
    {
        char token = pattern[at];
        next = at + 1;
        if (token == '?')
        {
            return true;
        }

        if (token == '[')
        {
            // A ']' right after '[' or '[!' belongs to the set; a set without a closing ']' is a literal '['.
            int start = at + 1;
            bool negate = start < pattern.Length && pattern[start] is '!' or '^';
            int first = negate ? start + 1 : start;
            int close = first < pattern.Length ? pattern[(first + 1)..].IndexOf(']') : -1;
            if (close >= 0)
            {
                close += first + 1;
                next = close + 1;
                return InSet(pattern[first..close], c) != negate;
            }
        }

        return token == c;
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        for (int i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2])
                {
                    return true;
                }

                i += 2;
            }
            else if (set[i] == c)
            {
                return true;
            }
        }

        return false;
    }
}
