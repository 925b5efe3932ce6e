namespace Flix.Sysext.Units;

/// <summary>The names of systemd unit files and of their drop-in folders.</summary>
public static class UnitFileNames
{
    /// <summary>The file name endings of unit files.</summary>
    public static IReadOnlyList<string> Suffixes { get; } =
        [".service", ".socket", ".timer", ".path", ".mount", ".automount", ".swap", ".target", ".slice", ".scope"];

    /// <summary>True when <paramref name="fileName"/> names a systemd unit.</summary>
    public static bool IsUnitFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Suffixes.Any(suffix => fileName.Length > suffix.Length && fileName.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>
    /// True when <paramref name="name"/> is a valid unit name as systemd accepts it: a known suffix, at most 255
    /// characters of ASCII letters, digits and <c>:-_.\@</c>, and at most one <c>@</c> that is not first.
    /// </summary>
    public static bool IsValidUnitName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length <= 255 && IsUnitFileName(name) && !name.StartsWith('@')
            && name.Count(c => c == '@') <= 1
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@');
    }

    /// <summary>
    /// True when <paramref name="folderName"/> is a drop-in folder: UNIT.d (foo.service.d, foo@.service.d, the prefix
    /// form foo-.service.d) or TYPE.d (service.d, which applies to every unit of the type).
    /// </summary>
    public static bool IsDropInFolderName(string folderName)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        if (!folderName.EndsWith(".d", StringComparison.Ordinal))
        {
            return false;
        }

        string unit = folderName[..^2];
        return IsUnitFileName(unit) || Suffixes.Contains("." + unit);
    }

    /// <summary>True when <paramref name="path"/> is a drop-in file: a *.conf in a drop-in folder.</summary>
    public static bool IsDropInPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".conf", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(path)) is { } folder && IsDropInFolderName(folder);
    }
}
