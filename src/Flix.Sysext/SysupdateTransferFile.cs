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

    public string FileName => Name + ".conf";

    public string EffectiveSourceUrl => SourceUrl ?? DefaultBaseUrl + Name + "/";

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
        text.Append("MatchPattern=").Append(Name).Append("-@v-%a.raw\n");
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
