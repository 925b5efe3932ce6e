namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// falco: falco-VERSION-x86_64.tar.gz on download.falco.org in the layout of falco's CPack TGZ (one top folder; usr/bin
/// with falco and falcoctl, usr/share/falco/plugins, etc/falco with falco.yaml, the rules and config.d, etc/falcoctl,
/// and the driver's sources in usr/src), its armored detached signature FILE.asc made by gpg, and the signing key at
/// falco.org's URL. Upstream publishes no checksum file.
/// </summary>
public sealed class FalcoUpstream : UpstreamRelease
{
    public const string KeyUrl = "https://falco.org/repo/falcosecurity-packages.asc";

    public override string Recipe => "falco";

    public override string Version => "0.42.0";

    public override IReadOnlyList<string> Programs => ["falco", "falcoctl"];

    public override IReadOnlyList<string> Units =>
        ["falco-modern-bpf.service", "falcoctl-artifact-follow.service", "multi-user.target.d/10-falco.conf"];

    public override IReadOnlyList<string> OtherFiles =>
    [
        "usr/share/falco/plugins/libcontainer.so",
        "usr/share/falco/etc/falco/falco.yaml",
        "usr/share/falco/etc/falco/falco_rules.yaml",
        "usr/share/falco/etc/falco/config.d/falco.container_plugin.yaml",
        "usr/share/falco/etc/falcoctl/falcoctl.yaml",
        "usr/lib/tmpfiles.d/falco.conf",
    ];

    /// <summary>The archive's URL for <paramref name="version"/>.</summary>
    public static string ArchiveUrl(string version) => $"https://download.falco.org/packages/bin/x86_64/falco-{version}-x86_64.tar.gz";

    /// <summary>The archive's entries, in upstream's layout.</summary>
    public static Dictionary<string, string> Entries(string version)
    {
        var top = $"falco-{version}-x86_64";
        return new Dictionary<string, string>
        {
            [$"{top}/usr/bin/falco"] = ReleaseFiles.StandIn("falco", version),
            [$"{top}/usr/bin/falcoctl"] = ReleaseFiles.StandIn("falcoctl", "0.11.2"),
            [$"{top}/usr/share/falco/plugins/libcontainer.so"] = "container plugin stand-in\n",
            [$"{top}/etc/falco/falco.yaml"] = "rules_files:\n  - /etc/falco/falco_rules.yaml\n  - /etc/falco/falco_rules.local.yaml\n  - /etc/falco/rules.d\nconfig_files:\n  - /etc/falco/config.d\n",
            [$"{top}/etc/falco/falco_rules.yaml"] = "- rule: stand-in\n",
            [$"{top}/etc/falco/falco_rules.local.yaml"] = "# Your custom rules!\n",
            [$"{top}/etc/falco/config.d/falco.container_plugin.yaml"] = "load_plugins: [container]\n",
            [$"{top}/etc/falcoctl/falcoctl.yaml"] = "artifact:\n  follow:\n    refs:\n    - falco-rules:4\n",
            [$"{top}/usr/src/falco-8.0.0+driver/Makefile"] = "# kernel module sources, not shipped\n",
        };
    }

    public override void Publish(ReleaseFiles files)
    {
        var url = ArchiveUrl(Version);
        files.PutArchive(url, Entries(Version));
        files.PutSignature(url);
        files.PutSigningKey(KeyUrl);
    }
}
