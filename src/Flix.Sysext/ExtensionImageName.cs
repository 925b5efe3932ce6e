namespace Flix.Sysext;

/// <summary>
/// What the file name of an extension image says: the name systemd-sysext sees (the file name without .raw) and,
/// for the bakery's versioned names NAME-VERSION-ARCH.raw, the extension name, version and architecture.
/// </summary>
public sealed record ExtensionImageName
{
    /// <summary>The suffix systemd-sysext requires of image files.</summary>
    public const string RawSuffix = ".raw";

    /// <summary>The name systemd-sysext gives the image: the file or directory name without <see cref="RawSuffix"/>.</summary>
    public required string ImageName { get; init; }

    /// <summary>The extension name: <see cref="ImageName"/> without -VERSION-ARCH when the name is versioned.</summary>
    public required string Name { get; init; }

    /// <summary>The version of a versioned name, else null.</summary>
    public string? Version { get; init; }

    /// <summary>The systemd architecture of a versioned name, else null.</summary>
    public string? Architecture { get; init; }

    /// <summary>The file name ends with .raw (always true for a directory, which needs no suffix).</summary>
    public required bool HasRawSuffix { get; init; }

    public bool IsVersioned => Version is not null;

    /// <summary>
    /// Reads <paramref name="fileName"/> (no folder) as the bakery writes it. The version starts at the first '-'
    /// followed by a digit, or by 'v' and a digit, that comes before a -x86-64 or -arm64 suffix; when there is no
    /// such split the whole name is the extension name. Use <see cref="As"/> when the extension name is known.
    /// </summary>
    public static ExtensionImageName Parse(string fileName, bool isDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        bool raw = fileName.EndsWith(RawSuffix, StringComparison.Ordinal) && fileName.Length > RawSuffix.Length;
        string imageName = raw ? fileName[..^RawSuffix.Length] : fileName;
        var parsed = new ExtensionImageName { ImageName = imageName, Name = imageName, HasRawSuffix = raw || isDirectory };
        foreach (var architecture in ExtensionArchitecture.Names)
        {
            string suffix = "-" + architecture;
            if (!imageName.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            string nameAndVersion = imageName[..^suffix.Length];
            for (int dash = nameAndVersion.IndexOf('-'); dash > 0; dash = nameAndVersion.IndexOf('-', dash + 1))
            {
                if (StartsVersion(nameAndVersion.AsSpan(dash + 1)))
                {
                    return parsed with
                    {
                        Name = nameAndVersion[..dash],
                        Version = nameAndVersion[(dash + 1)..],
                        Architecture = architecture,
                    };
                }
            }
        }

        return parsed;
    }

    /// <summary>
    /// This image read as the extension <paramref name="name"/>: itself when <see cref="ImageName"/> is
    /// <paramref name="name"/>, the versioned reading when it is <paramref name="name"/>-VERSION-ARCH with a
    /// non-empty VERSION and a systemd architecture, else null.
    /// </summary>
    public ExtensionImageName? As(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == ImageName)
        {
            return this with { Name = name, Version = null, Architecture = null };
        }

        if (name.Length == 0 || !ImageName.StartsWith(name + "-", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = ImageName[(name.Length + 1)..];
        foreach (var architecture in ExtensionArchitecture.Names)
        {
            string suffix = "-" + architecture;
            if (rest.Length > suffix.Length && rest.EndsWith(suffix, StringComparison.Ordinal))
            {
                return this with { Name = name, Version = rest[..^suffix.Length], Architecture = architecture };
            }
        }

        return null;
    }

    private static bool StartsVersion(ReadOnlySpan<char> text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text.Length > 1 && text[0] == 'v' && char.IsAsciiDigit(text[1])));
}
