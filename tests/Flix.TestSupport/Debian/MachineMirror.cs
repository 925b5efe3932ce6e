namespace Flix.TestSupport.Debian;

/// <summary>
/// The Debian mirror this machine's apt uses, read from its sources (<c>/etc/apt/sources.list</c>,
/// <c>sources.list.d/*.list</c> one-line entries and <c>*.sources</c> deb822 stanzas): the URI of the entry that
/// serves the machine's own release. Fixtures install other releases from it, because what reaches packages from
/// this machine is what its administrator configured, never a mirror written into the tests. A machine without a
/// Debian entry (another distribution) gets mmdebstrap's default mirror.
/// </summary>
public static class MachineMirror
{
    private static readonly Lazy<string?> Archive = new(() => FindArchiveUri("/"));

    /// <summary>The archive URI (e.g. <c>http://deb.debian.org/debian</c>), or null for mmdebstrap's default.</summary>
    public static string? ArchiveUri => Archive.Value;

    /// <summary>The URI of the first <c>deb</c> entry below <paramref name="root"/> whose suites hold the machine's release.</summary>
    public static string? FindArchiveUri(string root)
    {
        string? codename = ReadCodename(Path.Combine(root, "etc/os-release"));
        var sources = ReadSources(Path.Combine(root, "etc/apt"));
        return sources.FirstOrDefault(source => codename is not null && source.Suites.Contains(codename, StringComparer.Ordinal))?.Uri
            ?? sources.FirstOrDefault(source => source.Suites.Any(suite => !suite.Contains('-', StringComparison.Ordinal) && !suite.Contains('/', StringComparison.Ordinal)))?.Uri;
    }

    /// <summary>Every enabled <c>deb</c> entry of the apt folder <paramref name="aptDirectory"/>, in apt's order.</summary>
    public static IReadOnlyList<AptSource> ReadSources(string aptDirectory)
    {
        var sources = new List<AptSource>();
        string list = Path.Combine(aptDirectory, "sources.list");
        if (File.Exists(list))
        {
            sources.AddRange(ParseOneLine(File.ReadAllLines(list)));
        }

        string parts = Path.Combine(aptDirectory, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (string file in Directory.EnumerateFiles(parts).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal))
                {
                    sources.AddRange(ParseOneLine(File.ReadAllLines(file)));
                }
                else if (file.EndsWith(".sources", StringComparison.Ordinal))
                {
                    sources.AddRange(ParseDeb822(File.ReadAllText(file)));
                }
            }
        }

        return sources;
    }

    /// <summary>Lines such as <c>deb [signed-by=…] URI SUITE COMPONENT…</c>.</summary>
    public static IEnumerable<AptSource> ParseOneLine(IEnumerable<string> lines)
    {
        foreach (string raw in lines)
        {
            string line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal))
            {
                continue;
            }

            string rest = line[3..].Trim();
            if (rest.StartsWith('['))
            {
                int end = rest.IndexOf(']', StringComparison.Ordinal);
                rest = end < 0 ? string.Empty : rest[(end + 1)..];
            }

            var words = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2)
            {
                yield return new AptSource(words[0].TrimEnd('/'), [words[1]], [.. words.Skip(2)]);
            }
        }
    }

    /// <summary>deb822 stanzas: <c>Types</c>, <c>URIs</c>, <c>Suites</c>, <c>Components</c>, <c>Enabled</c>.</summary>
    public static IEnumerable<AptSource> ParseDeb822(string text)
    {
        foreach (string stanza in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? last = null;
            foreach (string line in stanza.Split('\n'))
            {
                if (line.StartsWith('#') || line.Trim().Length == 0)
                {
                    continue;
                }

                if ((line.StartsWith(' ') || line.StartsWith('\t')) && last is not null)
                {
                    fields[last] += " " + line.Trim(); // a continuation line
                    continue;
                }

                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    last = line[..colon].Trim();
                    fields[last] = line[(colon + 1)..].Trim();
                }
            }

            if (!Words(fields, "Types").Contains("deb") || string.Equals(fields.GetValueOrDefault("Enabled"), "no", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string uri in Words(fields, "URIs"))
            {
                yield return new AptSource(uri.TrimEnd('/'), Words(fields, "Suites"), Words(fields, "Components"));
            }
        }
    }

    private static string[] Words(Dictionary<string, string> fields, string name) =>
        fields.GetValueOrDefault(name, string.Empty).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string? ReadCodename(string osRelease) =>
        File.Exists(osRelease)
            ? File.ReadLines(osRelease).Where(line => line.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))
                .Select(line => line["VERSION_CODENAME=".Length..].Trim('"', '\'')).FirstOrDefault(name => name.Length > 0)
            : null;
}
