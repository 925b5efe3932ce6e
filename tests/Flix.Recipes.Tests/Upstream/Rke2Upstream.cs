namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// rke2: rke2.linux-ARCH.tar.gz laid out for /usr/local (bin/, lib/systemd/system/, share/rke2/) and the release's
/// sha256sum-ARCH.txt listing it among the other assets.
/// </summary>
public sealed class Rke2Upstream : UpstreamRelease
{
    public override string Recipe => "rke2";

    public override string Version => "v1.31.4+rke2r1";

    public override IReadOnlyList<string> Programs => ["rke2", "rke2-killall.sh"];

    public override IReadOnlyList<string> Units => ["rke2-server.service", "rke2-agent.service"];

    public override IReadOnlyList<string> OtherFiles => ["usr/share/rke2/rke2-cis-sysctl.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var prefix = $"https://github.com/rancher/rke2/releases/download/{Version}/";
        files.PutArchive(prefix + "rke2.linux-amd64.tar.gz", new Dictionary<string, string>
        {
            ["bin/rke2"] = ReleaseFiles.StandIn("rke2", Version),
            ["bin/rke2-killall.sh"] = ReleaseFiles.StandIn("rke2-killall.sh", Version),
            ["bin/rke2-uninstall.sh"] = ReleaseFiles.StandIn("rke2-uninstall.sh", Version),
            ["lib/systemd/system/rke2-server.service"] = "[Service]\nExecStart=/usr/local/bin/rke2 server\n",
            ["lib/systemd/system/rke2-server.env"] = "HOME=/root\n",
            ["lib/systemd/system/rke2-agent.service"] = "[Service]\nExecStart=/usr/local/bin/rke2 agent\n",
            ["lib/systemd/system/rke2-agent.env"] = "HOME=/root\n",
            ["share/rke2/rke2-cis-sysctl.conf"] = "vm.panic_on_oom=0\n",
            ["share/rke2/LICENSE.txt"] = "Apache-2.0\n",
        });
        files.Put(prefix + "rke2-images.linux-amd64.tar.zst", "images\n");
        files.PutSumsList(prefix + "sha256sum-amd64.txt", prefix + "rke2-images.linux-amd64.tar.zst", prefix + "rke2.linux-amd64.tar.gz");
    }
}
