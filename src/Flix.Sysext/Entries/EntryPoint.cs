namespace Flix.Sysext.Entries;

/// <summary>
/// One entry point of an extension: a path in the image (<see cref="Source"/>) and where it appears on the host
/// (<see cref="Target"/>). Written <c>PATH</c> or <c>SRC:TARGET</c>. The target always lies under /usr or /opt,
/// the only hierarchies a sysext merges; programs from any sbin land in /usr/bin (Flatcar's /usr/sbin is a link
/// to bin and an extension must not ship it), and /bin, /lib, /lib64 map to their /usr counterparts.
/// </summary>
public sealed record EntryPoint
{
    private EntryPoint(string source, string target)
    {
        Source = source;
        Target = target;
    }

    /// <summary>The absolute, normalised path inside the image.</summary>
    public string Source { get; }

    /// <summary>The absolute, normalised path inside the extension, under /usr or /opt.</summary>
    public string Target { get; }

    /// <summary>Parses <c>PATH</c> or <c>SRC:TARGET</c>; throws <see cref="FormatException"/> naming the text when it is unusable.</summary>
    public static EntryPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new FormatException("An entry point must not be empty.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException($"The entry point '{text}' contains a NUL byte.");
        }

        // SRC:TARGET splits at the first ':' that starts an absolute target; a ':' elsewhere belongs to the name.
        int split = text.IndexOf(":/", StringComparison.Ordinal);
        string sourceText = split < 0 ? text : text[..split];
        string? targetText = split < 0 ? null : text[(split + 1)..];
        string source = Normalize(sourceText, text, "source");
        if (source == "/")
        {
            throw new FormatException($"The entry point '{text}' names the root of the image; name a file or folder in it.");
        }

        string target = MapToUsr(targetText is null ? source : Normalize(targetText, text, "target"));
        if (!IsUnder(target, "/usr") && !IsUnder(target, "/opt"))
        {
            throw new FormatException(targetText is null
                ? $"The entry point '{text}' lies outside /usr and /opt, which are all a sysext can ship; give its place as SRC:TARGET, e.g. '{source}:/usr/lib{source}'."
                : $"The target of the entry point '{text}' is outside /usr and /opt, which are all a sysext can ship.");
        }

        return new EntryPoint(source, target);
    }

    /// <summary>
    /// Where a path of the image lands in an extension: /sbin, /usr/sbin and /bin go to /usr/bin; /lib and /lib64
    /// to /usr/lib and /usr/lib64; every other path is unchanged.
    /// </summary>
    public static string MapToUsr(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var (from, to) in Moves)
        {
            if (IsUnder(path, from))
            {
                return to + path[from.Length..];
            }
        }

        return path;
    }

    /// <inheritdoc />
    public override string ToString() => Source == Target ? Source : $"{Source}:{Target}";

    private static readonly (string From, string To)[] Moves =
    [
        ("/usr/sbin", "/usr/bin"),
        ("/sbin", "/usr/bin"),
        ("/bin", "/usr/bin"),
        ("/lib64", "/usr/lib64"),
        ("/lib", "/usr/lib"),
    ];

    /// <summary>True when <paramref name="path"/> is strictly below <paramref name="folder"/>.</summary>
    private static bool IsUnder(string path, string folder) =>
        path.Length > folder.Length + 1 && path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>An absolute path with single slashes and no trailing slash; '.' and '..' are refused, never resolved.</summary>
    private static string Normalize(string path, string text, string role)
    {
        if (!path.StartsWith('/'))
        {
            throw new FormatException($"The {role} of the entry point '{text}' must be an absolute path (starting with '/').");
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part is "." or "..")
            {
                throw new FormatException($"The {role} of the entry point '{text}' must not contain '.' or '..'.");
            }
        }

        return "/" + string.Join('/', parts);
    }
}
