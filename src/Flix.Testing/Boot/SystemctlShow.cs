namespace Flix.Testing.Boot;

/// <summary>The <c>Key=value</c> lines of <c>systemctl show --property=…</c>.</summary>
internal static class SystemctlShow
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..].Trim();
            }
        }

        return values;
    }
}
