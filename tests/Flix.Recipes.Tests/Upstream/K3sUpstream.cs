namespace Flix.Recipes.Tests.Upstream;

/// <summary>k3s: one program per architecture on GitHub (k3s for amd64, k3s-arm64…), verified by the API's per-asset digest.</summary>
public sealed class K3sUpstream : UpstreamRelease
{
    public override string Recipe => "k3s";

    public override string Version => "v1.31.4+k3s1";

    public override IReadOnlyList<string> Programs => ["k3s"];

    public override IReadOnlyList<string> Units => ["k3s.service", "k3s-agent.service"];

    public override IReadOnlyList<string> OtherFiles => ["usr/bin/kubectl", "usr/bin/crictl", "usr/bin/ctr"];

    public override (string Repository, string Tag)? GitHubRelease => ("k3s-io/k3s", Version);

    public override void Publish(ReleaseFiles files)
    {
        var prefix = $"https://github.com/k3s-io/k3s/releases/download/{Version}/";
        files.Put(prefix + "k3s", ReleaseFiles.StandIn("k3s", Version));
        files.Put(prefix + "k3s-arm64", ReleaseFiles.StandIn("k3s", Version) + "# arm64\n");
        files.PutSumsList(prefix + "sha256sum-amd64.txt", prefix + "k3s");
    }
}
