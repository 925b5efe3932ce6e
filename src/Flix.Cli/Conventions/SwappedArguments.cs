namespace Flix.Cli.Conventions;

/// <summary>
/// Spots <c>flix rootfs DIR IMAGE</c>: an existing folder where the image goes and an image reference where the
/// folder goes, which would otherwise fail later on a folder named after the image.
/// </summary>
public static class SwappedArguments
{
    /// <summary>The usage error for IMAGE and DIRECTORY given the other way round, or null when they look right.</summary>
    public static string? Check(string? image, string? directory)
    {
        if (string.IsNullOrEmpty(image) || string.IsNullOrEmpty(directory))
        {
            return null;
        }

        if (!Directory.Exists(image) || Directory.Exists(directory) || File.Exists(directory) || !LooksLikeImage(directory))
        {
            return null;
        }

        return $"The arguments are IMAGE then DIRECTORY: '{image}' is a folder and '{directory}' looks like an image; "
            + $"run 'flix rootfs {directory} {image}' (a folder as the image is written dir:PATH).";
    }

    /// <summary>A tag, a digest, a transport or a registry host: a word that names an image rather than a new folder.</summary>
    private static bool LooksLikeImage(string word)
    {
        if (word.StartsWith('/') || word.StartsWith("./", StringComparison.Ordinal) || word.StartsWith("../", StringComparison.Ordinal))
        {
            return false;
        }

        string first = word.Split('/')[0];
        return word.Contains(':', StringComparison.Ordinal) || word.Contains('@', StringComparison.Ordinal)
            || (word.Contains('/', StringComparison.Ordinal) && (first.Contains('.', StringComparison.Ordinal) || first == "localhost"));
    }
}
