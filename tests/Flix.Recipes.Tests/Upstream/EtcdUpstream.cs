namespace Flix.Recipes.Tests.Upstream;

/// <summary>etcd: etcd-VERSION-linux-ARCH.tar.gz (etcd, etcdctl, etcdutl and docs in one folder) and the release's SHA256SUMS.</summary>
public sealed class EtcdUpstream : UpstreamRelease
{
    public override string Recipe => "etcd";

    public override string Version => "v3.5.17";

    public override IReadOnlyList<string> Programs => ["etcd", "etcdctl", "etcdutl"];

    public override IReadOnlyList<string> Units => ["etcd.service", "multi-user.target.d/10-etcd.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/lib/sysusers.d/etcd.conf", "usr/lib/tmpfiles.d/etcd.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var top = $"etcd-{Version}-linux-amd64";
        var prefix = $"https://github.com/etcd-io/etcd/releases/download/{Version}/";
        files.PutArchive(prefix + top + ".tar.gz", new Dictionary<string, string>
        {
            [$"{top}/etcd"] = ReleaseFiles.StandIn("etcd", Version),
            [$"{top}/etcdctl"] = ReleaseFiles.StandIn("etcdctl", Version),
            [$"{top}/etcdutl"] = ReleaseFiles.StandIn("etcdutl", Version),
            [$"{top}/README.md"] = "# etcd\n",
            [$"{top}/Documentation/README.md"] = "# docs\n",
        });
        files.PutArchive($"{prefix}etcd-{Version}-linux-arm64.tar.gz", new Dictionary<string, string> { [$"etcd-{Version}-linux-arm64/etcd"] = ReleaseFiles.StandIn("etcd", Version) });
        files.PutSumsList(prefix + "SHA256SUMS", prefix + top + ".tar.gz", $"{prefix}etcd-{Version}-linux-arm64.tar.gz");
    }
}
