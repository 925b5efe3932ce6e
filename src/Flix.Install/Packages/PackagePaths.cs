namespace Flix.Install.Packages;

/// <summary>Checks on the paths a package database lists, which come from the image and are hostile input.</summary>
public static class PackagePaths
{
    /// <summary>True when <paramref name="path"/> is absolute, below /, with no empty, '.' or '..' part and no NUL.</summary>
    public static bool IsPlain(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length < 2 || path[0] != '/' || path.EndsWith('/') || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in path[1..].Split('/'))
        {
            if (part.Length == 0 || part is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
