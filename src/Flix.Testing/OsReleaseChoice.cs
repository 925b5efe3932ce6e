using Flix.Core;

namespace Flix.Testing;

/// <summary>The os-release a test stands the extensions against: the host's (or the boot root's), Flatcar's, or a file.</summary>
public sealed record OsReleaseChoice
{
    /// <summary>What <c>--os-release flatcar</c> binds over /etc/os-release and /usr/lib/os-release.</summary>
    public const string FlatcarText = """
        NAME="Flatcar Container Linux by Kinvolk"
        ID=flatcar
        ID_LIKE=coreos
        VERSION=4230.2.0
        VERSION_ID=4230.2.0
        BUILD_ID=2025-06-01-0000
        SYSEXT_LEVEL=1.0
        PRETTY_NAME="Flatcar Container Linux by Kinvolk 4230.2.0 (Oklo)"
        ANSI_COLOR="38;5;75"
        HOME_URL="https://flatcar.org/"

        """;

    private OsReleaseChoice(string? text, string description)
    {
        Text = text;
        Description = description;
    }

    /// <summary>The os-release content to bind, or null to keep the host's.</summary>
    public string? Text { get; }

    public string Description { get; }

    public static OsReleaseChoice Host { get; } = new(null, "the host's");

    public static OsReleaseChoice Flatcar { get; } = new(FlatcarText, "Flatcar's (ID=flatcar, SYSEXT_LEVEL=1.0)");

    /// <summary>"flatcar" or the path of an os-release file; null or empty for the host's.</summary>
    public static OsReleaseChoice Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Host;
        }

        if (value == "flatcar")
        {
            return Flatcar;
        }

        if (!File.Exists(value))
        {
            throw new FlixException($"--os-release: '{value}' is neither 'flatcar' nor an existing os-release file.");
        }

        var info = new FileInfo(value);
        if (info.Length > 64 * 1024)
        {
            throw new FlixException($"--os-release: '{value}' has {info.Length} bytes; an os-release file is a few lines.");
        }

        return new(File.ReadAllText(value), $"'{value}'");
    }
}
