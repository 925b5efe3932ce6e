namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// kubernetes: kubelet, kubeadm and kubectl as single files on dl.k8s.io, each with a .sha256 holding the bare hex;
/// the CNI plugins as a "./"-rooted .tgz on GitHub with a sha256sum-style .sha256.
/// </summary>
public sealed class KubernetesUpstream : UpstreamRelease
{
    private const string Cni = "v1.6.2";

    public override string Recipe => "kubernetes";

    public override string Version => "v1.31.4";

    public override IReadOnlyList<string> Programs => ["kubelet", "kubeadm", "kubectl", "usr/libexec/cni/bridge", "usr/libexec/cni/host-local", "usr/libexec/cni/loopback"];

    public override IReadOnlyList<string> Units => ["kubelet.service", "kubelet.service.d/10-kubeadm.conf", "multi-user.target.d/10-kubernetes.conf"];

    public override IReadOnlyList<string> OtherFiles => [];

    public override IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string> { ["cni"] = Cni };

    public override void Publish(ReleaseFiles files)
    {
        foreach (var program in new[] { "kubelet", "kubeadm", "kubectl" })
        {
            var url = $"https://dl.k8s.io/release/{Version}/bin/linux/amd64/{program}";
            files.Put(url, ReleaseFiles.StandIn(program, Version));
            files.PutSha256File(url);
        }

        var cni = $"https://github.com/containernetworking/plugins/releases/download/{Cni}/cni-plugins-linux-amd64-{Cni}.tgz";
        files.PutArchive(cni, new Dictionary<string, string>
        {
            ["./bridge"] = ReleaseFiles.StandIn("bridge", Cni),
            ["./host-local"] = ReleaseFiles.StandIn("host-local", Cni),
            ["./loopback"] = ReleaseFiles.StandIn("loopback", Cni),
            ["./LICENSE"] = "Apache-2.0\n",
            ["./README.md"] = "# plugins\n",
        });
        files.PutSha256File(cni, named: true);
    }
}
