namespace Flix.Recipes.Tests.Upstream;

/// <summary>tailscale: tailscale_VERSION_ARCH.tgz on pkgs.tailscale.com (programs, systemd/ unit and defaults) with its bare .sha256.</summary>
public sealed class TailscaleUpstream : UpstreamRelease
{
    public override string Recipe => "tailscale";

    public override string Version => "v1.76.6";

    public override IReadOnlyList<string> Programs => ["tailscale", "tailscaled"];

    public override IReadOnlyList<string> Units => ["tailscaled.service", "multi-user.target.d/10-tailscale.conf"];

    public override IReadOnlyList<string> OtherFiles =>
        ["usr/share/tailscale/tailscaled.defaults", "usr/lib/tmpfiles.d/tailscale.conf", "usr/lib/systemd/network/50-tailscale.network"];

    public override void Publish(ReleaseFiles files)
    {
        var top = "tailscale_1.76.6_amd64";
        var url = $"https://pkgs.tailscale.com/stable/{top}.tgz";
        files.PutArchive(url, new Dictionary<string, string>
        {
            [$"{top}/tailscale"] = ReleaseFiles.StandIn("tailscale", Version),
            [$"{top}/tailscaled"] = ReleaseFiles.StandIn("tailscaled", Version),
            [$"{top}/systemd/tailscaled.service"] = "[Service]\nExecStart=/usr/sbin/tailscaled\n",
            [$"{top}/systemd/tailscaled.defaults"] = "PORT=\"41641\"\nFLAGS=\"\"\n",
        });
        files.PutSha256File(url);
    }
}
