namespace Flix.Recipes.Tests.Upstream;

/// <summary>cilium: cilium-linux-ARCH.tar.gz holding the one program, with a sha256sum-style .sha256sum beside it.</summary>
public sealed class CiliumUpstream : UpstreamRelease
{
    public override string Recipe => "cilium";

    public override string Version => "v0.16.22";

    public override IReadOnlyList<string> Programs => ["cilium"];

    public override void Publish(ReleaseFiles files)
    {
        var url = $"https://github.com/cilium/cilium-cli/releases/download/{Version}/cilium-linux-amd64.tar.gz";
        files.PutArchive(url, new Dictionary<string, string> { ["cilium"] = ReleaseFiles.StandIn("cilium", Version) });
        files.PutSha256File(url, ".sha256sum", named: true);
    }
}
