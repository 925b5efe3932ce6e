using System.Text;

namespace Flix.Sysext;

/// <summary>
/// An extension-release file read back from an image: its fields in file order, parsed with the os-release rules
/// (KEY=value lines; comments; values bare, in single quotes, or in double quotes with backslash escapes).
/// </summary>
public sealed record ExtensionReleaseFile
{
    /// <summary>Files larger than this are not metadata; they are refused rather than read whole.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The extension name the file is for: NAME of extension-release.NAME.</summary>
    public required string Name { get; init; }

    /// <summary>The path of the file inside the image.</summary>
    public required string Path { get; init; }

    /// <summary>Every field in file order; a key given twice keeps its first place and its last value.</summary>
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>Lines that are not KEY=value, as sentences citing the line number.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public string? Id => Fields.GetValueOrDefault("ID");

    public string? SysextLevel => Fields.GetValueOrDefault("SYSEXT_LEVEL");

    public string? VersionId => Fields.GetValueOrDefault("VERSION_ID");

    public string? Architecture => Fields.GetValueOrDefault("ARCHITECTURE");

    public string? ExtensionReloadManager => Fields.GetValueOrDefault("EXTENSION_RELOAD_MANAGER");

    /// <summary>The name of a metadata file for <paramref name="fileName"/> (extension-release.NAME), or null.</summary>
    public static string? NameOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string prefix = ExtensionRelease.FileNameFor(string.Empty);
        return fileName.StartsWith(prefix, StringComparison.Ordinal) && fileName.Length > prefix.Length
            ? fileName[prefix.Length..]
            : null;
    }

    /// <summary>Parses <paramref name="text"/>, the content of the metadata file of <paramref name="name"/> at <paramref name="path"/>.</summary>
    public static ExtensionReleaseFile Parse(string name, string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        int number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            string line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            string key = equals < 0 ? line : line[..equals].TrimEnd();
            if (equals < 0 || !IsKey(key))
            {
                problems.Add($"line {number} '{Shorten(line)}' is not KEY=value.");
                continue;
            }

            string? value = Unquote(line[(equals + 1)..].TrimStart());
            if (value is null)
            {
                problems.Add($"line {number} '{Shorten(line)}' has an unterminated quote.");
                continue;
            }

            fields[key] = value;
        }

        return new ExtensionReleaseFile { Name = name, Path = path, Fields = fields, Problems = problems };
    }

    /// <summary>The value with shell quoting removed, or null when a quote is not closed.</summary>
    private static string? Unquote(string value)
    {
        var result = new StringBuilder(value.Length);
        char quote = '\0';
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    result.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '\\' && i + 1 < value.Length && value[i + 1] is '"' or '\\' or '$' or '`')
                {
                    result.Append(value[++i]);
                }
                else
                {
                    result.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < value.Length)
            {
                result.Append(value[++i]);
            }
            else
            {
                result.Append(c);
            }
        }

        return quote == '\0' ? result.ToString().TrimEnd() : null;
    }

    private static bool IsKey(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_')
        && key.AsSpan().IndexOfAnyExcept(KeyCharacters) < 0;

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "…";

    private static readonly System.Buffers.SearchValues<char> KeyCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
}
