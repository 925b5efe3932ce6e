namespace Flix.Sysext.Deploy;

/// <summary>
/// /etc/sysupdate.d/noop.conf as the bakery's docs install it: a transfer that never matches anything, so the plain
/// systemd-sysupdate.service (run by the timer, without -C) finds a definition and does not fail with "No transfer
/// definitions found" while the extensions' own transfers live in their components.
/// </summary>
public static class NoopTransferFile
{
    public const string FileName = "noop.conf";

    /// <summary>Where the transfer goes on the host.</summary>
    public const string HostPath = "/etc/sysupdate.d/" + FileName;

    /// <summary>The pattern: no file of the root folder is named like it.</summary>
    public const string MatchPattern = "invalid@v.raw";

    public static string Render() =>
        "[Source]\n" +
        "Type=regular-file\n" +
        "Path=/\n" +
        "MatchPattern=" + MatchPattern + "\n" +
        "\n" +
        "[Target]\n" +
        "Type=regular-file\n" +
        "Path=/\n";
}
