using System.Diagnostics.CodeAnalysis;

namespace Flix.Sysext;

/// <summary>
/// Rules for the name of an extension and for its version: both end up in file names
/// (extension-release.NAME, NAME-VERSION-ARCH.raw) and in sysupdate patterns, where '/', '@' and '%' mean something.
/// </summary>
public static class ExtensionName
{
    /// <summary>Longest accepted name; leaves room for "-VERSION-ARCH.raw" within NAME_MAX.</summary>
    public const int MaxLength = 128;

    /// <summary>Longest accepted version.</summary>
    public const int MaxVersionLength = 64;

    /// <summary>Null when <paramref name="name"/> is a valid extension name, else why not.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "The extension name must not be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"The extension name '{name}' is longer than {MaxLength} characters.";
        }

        if (name[0] is '.' or '-')
        {
            return $"The extension name '{name}' must not start with '{name[0]}'.";
        }

        if (name.EndsWith(".raw", StringComparison.Ordinal))
        {
            return $"The extension name '{name}' must not end with '.raw'; give the name without it.";
        }

        int bad = name.AsSpan().IndexOfAnyExcept(NameCharacters);
        return bad < 0 ? null : $"The extension name '{name}' contains '{name[bad]}'; use letters, digits and '.', '_', '-', '+'.";
    }

    /// <summary>Null when <paramref name="version"/> is a valid version, else why not.</summary>
    public static string? ValidateVersion(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return "The version must not be empty.";
        }

        if (version.Length > MaxVersionLength)
        {
            return $"The version '{version}' is longer than {MaxVersionLength} characters.";
        }

        if (version[0] is '.' or '-')
        {
            return $"The version '{version}' must not start with '{version[0]}'.";
        }

        int bad = version.AsSpan().IndexOfAnyExcept(VersionCharacters);
        return bad < 0 ? null : $"The version '{version}' contains '{version[bad]}'; use letters, digits and '.', '_', '-', '+', '~', '^'.";
    }

    public static bool IsValid([NotNullWhen(true)] string? name) => Validate(name) is null;

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+");

    private static readonly System.Buffers.SearchValues<char> VersionCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~^");
}
