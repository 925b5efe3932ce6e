using System.Text;

namespace Flix.Sysext;

/// <summary>
/// The systemd-sysupdate transfer file the bakery publishes next to an extension (NAME.conf): download
/// NAME-VERSION-ARCH.raw files from a URL folder checked against its SHA256SUMS, keep three under
/// /opt/extensions/NAME and point /etc/extensions/NAME.raw at the newest.
/// </summary>
public sealed record SysupdateTransferFile
{
    /// <summary>Where the bakery's extensions are published; NAME/ is appended.</summary>
    public const string DefaultBaseUrl = "https://extensions.flatcar.org/extensions/";

    public const int InstancesMax = 3;

    public required string Name { get; init; }

    /// <summary>The folder URL holding SHA256SUMS and the images; null means <see cref="DefaultBaseUrl"/> + NAME/.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The MatchPattern= of the source (the target reuses it); null means NAME-@v-%a.raw.</summary>
    public string? MatchPattern { get; init; }

    /// <summary>The file name without .conf; null means NAME. A minor-pinned transfer is NAME-vMAJOR.MINOR.</summary>
    public string? Stem { get; init; }

    /// <summary>The file suffix systemd-sysupdate reads before v257 (and still reads, with a warning, after it).</summary>
    public const string Suffix = ".conf";

    public string FileName => (Stem ?? Name) + Suffix;

    public string EffectiveSourceUrl => SourceUrl ?? DefaultBaseUrl + Name + "/";

    public string EffectiveMatchPattern => MatchPattern ?? Escape(Name) + "-@v-%a.raw";

    /// <summary>
    /// The second transfer the bakery publishes for the kubernetes family: NAME-vMAJOR.MINOR.conf, whose pattern
    /// NAME-vMAJOR.MINOR.@v-%a.raw only takes patch releases of <paramref name="version"/>'s minor; same source
    /// folder, target and link as NAME.conf. Null when <paramref name="version"/> does not start with
    /// [v]MAJOR.MINOR. followed by more.
    /// </summary>
    public static SysupdateTransferFile? MinorPinned(string name, string version, string? sourceUrl)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (MinorPrefix(version) is not { } prefix)
        {
            return null;
        }

        return new SysupdateTransferFile
        {
            Name = name,
            SourceUrl = sourceUrl,
            Stem = $"{name}-{prefix}",
            MatchPattern = $"{Escape(name)}-{Escape(prefix)}.@v-%a.raw",
        };
    }

    /// <summary>
    /// [v]MAJOR.MINOR of <paramref name="version"/> when a '.' and more follow it (v1.32 of v1.32.2+k3s1), else null.
    /// </summary>
    public static string? MinorPrefix(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        int i = version.StartsWith('v') ? 1 : 0;
        int major = i;
        while (i < version.Length && char.IsAsciiDigit(version[i]))
        {
            i++;
        }

        if (i == major || i >= version.Length || version[i] != '.')
        {
            return null;
        }

        int minor = ++i;
        while (i < version.Length && char.IsAsciiDigit(version[i]))
        {
            i++;
        }

        return i > minor && i + 1 < version.Length && version[i] == '.' ? version[..i] : null;
    }

    /// <summary>Literal text for a pattern: '%' and '@' doubled.</summary>
    private static string Escape(string literal) =>
        literal.Replace("%", "%%", StringComparison.Ordinal).Replace("@", "@@", StringComparison.Ordinal);

    /// <summary>The file text. '%' in the URL is doubled: sysupdate expands %-specifiers in Path=.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append("[Transfer]\n");
        text.Append("Verify=false\n");
        text.Append('\n');
        text.Append("[Source]\n");
        text.Append("Type=url-file\n");
        text.Append("Path=").Append(EffectiveSourceUrl.Replace("%", "%%", StringComparison.Ordinal)).Append('\n');
        text.Append("MatchPattern=").Append(EffectiveMatchPattern).Append('\n');
        text.Append('\n');
        text.Append("[Target]\n");
        text.Append("InstancesMax=").Append(InstancesMax).Append('\n');
        text.Append("Type=regular-file\n");
        text.Append("Path=/opt/extensions/").Append(Name).Append('\n');
        text.Append("CurrentSymlink=/etc/extensions/").Append(Name).Append(".raw\n");
        return text.ToString();
    }

    /// <summary>Null when <paramref name="url"/> can be a source folder (absolute http, https or file URL on one line), else why not.</summary>
    public static string? ValidateUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.AsSpan().ContainsAny('\n', '\r', ' ')
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https" or "file"))
        {
            return $"The sysupdate URL '{url}' is not an absolute http, https or file URL.";
        }

        return null;
    }
}
