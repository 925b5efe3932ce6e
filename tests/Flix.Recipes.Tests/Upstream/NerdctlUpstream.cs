namespace Flix.Recipes.Tests.Upstream;

/// <summary>nerdctl: nerdctl-VERSION-linux-ARCH.tar.gz (nerdctl and the rootless scripts at the top) and the release's SHA256SUMS.</summary>
public sealed class NerdctlUpstream : UpstreamRelease
{
    public override string Recipe => "nerdctl";

    public override string Version => "v2.0.2";

    public override IReadOnlyList<string> Programs => ["nerdctl", "containerd-rootless.sh", "containerd-rootless-setuptool.sh"];

    public override void Publish(ReleaseFiles files)
    {
        var prefix = $"https://github.com/containerd/nerdctl/releases/download/{Version}/";
        files.PutArchive(prefix + "nerdctl-2.0.2-linux-amd64.tar.gz", new Dictionary<string, string>
        {
            ["nerdctl"] = ReleaseFiles.StandIn("nerdctl", Version),
            ["containerd-rootless.sh"] = ReleaseFiles.StandIn("containerd-rootless.sh", Version),
            ["containerd-rootless-setuptool.sh"] = ReleaseFiles.StandIn("containerd-rootless-setuptool.sh", Version),
        });
        files.Put(prefix + "nerdctl-full-2.0.2-linux-amd64.tar.gz", "full\n");
        files.PutSumsList(prefix + "SHA256SUMS", prefix + "nerdctl-2.0.2-linux-amd64.tar.gz", prefix + "nerdctl-full-2.0.2-linux-amd64.tar.gz");
    }
}
