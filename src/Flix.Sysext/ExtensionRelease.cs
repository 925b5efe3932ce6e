using System.Text;

namespace Flix.Sysext;

/// <summary>
/// The metadata file of a system extension, usr/lib/extension-release.d/extension-release.NAME, in os-release
/// syntax. Fields are written in a fixed order: ID, SYSEXT_LEVEL (only when ID is not _any), ARCHITECTURE,
/// VERSION_ID, EXTENSION_RELOAD_MANAGER.
/// </summary>
public sealed record ExtensionRelease
{
    /// <summary>The ID that lets an extension merge on any host.</summary>
    public const string AnyId = "_any";

    /// <summary>The level written with a specific ID; Flatcar advertises SYSEXT_LEVEL=1.0.</summary>
    public const string DefaultSysextLevel = "1.0";

    /// <summary>The folder of the metadata files inside an image.</summary>
    public const string DirectoryPath = "usr/lib/extension-release.d";

    /// <summary>The name of the extension; must match the image name seen by systemd-sysext (NAME.raw).</summary>
    public required string Name { get; init; }

    /// <summary>The host os-release ID to match, or <see cref="AnyId"/>.</summary>
    public string Id { get; init; } = AnyId;

    /// <summary>The systemd architecture name (x86-64, arm64); null omits the field.</summary>
    public string? Architecture { get; init; }

    /// <summary>VERSION_ID; null omits it.</summary>
    public string? VersionId { get; init; }

    /// <summary>EXTENSION_RELOAD_MANAGER=1: systemd reloads its units after merge, so shipped units are seen.</summary>
    public bool ReloadManager { get; init; }

    /// <summary>The path of the file inside the image.</summary>
    public string PathInImage => $"{DirectoryPath}/{FileNameFor(Name)}";

    public static string FileNameFor(string name) => "extension-release." + name;

    /// <summary>The content of the file, one KEY=value per line, each line ending in a newline.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        Append(text, "ID", Id);
        if (Id != AnyId)
        {
            Append(text, "SYSEXT_LEVEL", DefaultSysextLevel);
        }

        if (Architecture is not null)
        {
            Append(text, "ARCHITECTURE", Architecture);
        }

        if (VersionId is not null)
        {
            Append(text, "VERSION_ID", VersionId);
        }

        if (ReloadManager)
        {
            Append(text, "EXTENSION_RELOAD_MANAGER", "1");
        }

        return text.ToString();
    }

    /// <summary>Null when <paramref name="id"/> is a valid os-release ID (lower-case letters, digits, '.', '_', '-') or _any.</summary>
    public static string? ValidateId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "The OS ID must not be empty; use _any to merge on any host.";
        }

        if (id == AnyId)
        {
            return null;
        }

        int bad = id.AsSpan().IndexOfAnyExcept(IdCharacters);
        return bad < 0 ? null : $"The OS ID '{id}' contains '{id[bad]}'; an os-release ID has lower-case letters, digits, '.', '_' and '-' only.";
    }

    private static void Append(StringBuilder text, string key, string value) =>
        text.Append(key).Append('=').Append(Quote(value)).Append('\n');

    /// <summary>os-release values are written bare when that is unambiguous, else in double quotes with escapes.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value.AsSpan().IndexOfAnyExcept(BareCharacters) < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\' or '$' or '`')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-");

    private static readonly System.Buffers.SearchValues<char> BareCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~^:,/@%");
}
