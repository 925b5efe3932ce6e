namespace Flix.Recipes.Release;

/// <summary>
/// A list of release builds in the bakery's release_build_versions.txt format: one "RECIPE VERSION" per line, VERSION
/// as <c>flix recipes versions RECIPE</c> lists it or <c>latest</c>; '#' starts a comment (a whole line or its end),
/// blank lines are skipped.
/// </summary>
public sealed class VersionsFile
{
    /// <summary>The largest versions file read (1 MiB): a list of builds, not a data set.</summary>
    public const int MaxSize = 1 << 20;

    public const string Latest = "latest";

    private VersionsFile(IReadOnlyList<VersionsFileEntry> entries) => Entries = entries;

    public IReadOnlyList<VersionsFileEntry> Entries { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in errors (with the line).</summary>
    public static VersionsFile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<VersionsFileEntry>();
        int number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            string line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new InvalidDataException($"{source}:{number}: '{line}' is not 'RECIPE VERSION' (VERSION as `flix recipes versions RECIPE` lists it, or latest).");
            }

            entries.Add(new VersionsFileEntry(fields[0], fields[1], number));
        }

        return new VersionsFile(entries);
    }

    public static async Task<VersionsFile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The versions file '{path}' does not exist.", path);
        }

        if (info.Length > MaxSize)
        {
            throw new InvalidDataException($"The versions file '{path}' is over {MaxSize} bytes.");
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
    }
}
