namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// containerd: containerd-static-VERSION-linux-ARCH.tar.gz (bin/…) with a sha256sum-style .sha256sum; runc as
/// runc.ARCH with runc.sha256sum listing every asset of its release.
/// </summary>
public sealed class ContainerdUpstream : UpstreamRelease
{
    private const string Runc = "v1.2.3";

    public override string Recipe => "containerd";

    public override string Version => "v2.0.1";

    public override IReadOnlyList<string> Programs => ["containerd", "containerd-shim-runc-v2", "ctr", "runc"];

    public override IReadOnlyList<string> Units => ["containerd.service", "multi-user.target.d/10-containerd.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/share/containerd/config.toml"];

    public override IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string> { ["runc"] = Runc };

    public override void Publish(ReleaseFiles files)
    {
        var archive = $"https://github.com/containerd/containerd/releases/download/{Version}/containerd-static-2.0.1-linux-amd64.tar.gz";
        files.PutArchive(archive, new Dictionary<string, string>
        {
            ["bin/containerd"] = ReleaseFiles.StandIn("containerd", Version),
            ["bin/containerd-shim-runc-v2"] = ReleaseFiles.StandIn("containerd-shim-runc-v2", Version),
            ["bin/containerd-stress"] = ReleaseFiles.StandIn("containerd-stress", Version),
            ["bin/ctr"] = ReleaseFiles.StandIn("ctr", Version),
        });
        files.PutSha256File(archive, ".sha256sum", named: true);

        var runc = $"https://github.com/opencontainers/runc/releases/download/{Runc}/";
        files.Put(runc + "runc.amd64", ReleaseFiles.StandIn("runc", Runc));
        files.Put(runc + "runc.arm64", ReleaseFiles.StandIn("runc", Runc) + "# arm64\n");
        files.Put(runc + "libseccomp-2.5.5.tar.gz", "not a program\n");
        files.PutSumsList(runc + "runc.sha256sum", runc + "libseccomp-2.5.5.tar.gz", runc + "runc.amd64", runc + "runc.arm64");
    }
}
