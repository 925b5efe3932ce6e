namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// crio: the static bundle cri-o.ARCH.VERSION.tar.gz on storage.googleapis.com (cri-o/ with bin/, cni-plugins/,
/// contrib/, etc/, the install script), with a .sha256sum whose line names the file by its build path.
/// </summary>
public sealed class CrioUpstream : UpstreamRelease
{
    private static readonly string[] Binaries = ["crio", "pinns", "crun", "runc", "conmon", "conmonrs", "crictl"];

    public override string Recipe => "crio";

    public override string Version => "v1.31.3";

    public override IReadOnlyList<string> Programs => [.. Binaries, "usr/libexec/crio/cni/bridge", "usr/libexec/crio/cni/loopback"];

    public override IReadOnlyList<string> Units => ["crio.service", "multi-user.target.d/10-crio.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/share/crio/policy.json", "usr/share/crio/etc/crictl.yaml", "usr/share/crio/etc/crio/crio.conf.d/10-crio.conf", "usr/lib/tmpfiles.d/crio.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var entries = Binaries.ToDictionary(binary => $"cri-o/bin/{binary}", binary => ReleaseFiles.StandIn(binary, Version));
        entries["cri-o/cni-plugins/bridge"] = ReleaseFiles.StandIn("bridge", Version);
        entries["cri-o/cni-plugins/loopback"] = ReleaseFiles.StandIn("loopback", Version);
        entries["cri-o/contrib/crio.service"] = "[Service]\nExecStart=/usr/local/bin/crio\n";
        entries["cri-o/contrib/policy.json"] = "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n";
        entries["cri-o/contrib/11-crio-ipv4-bridge.conflist"] = "{}\n";
        entries["cri-o/etc/10-crio.conf"] = "[crio.runtime]\n";
        entries["cri-o/etc/crictl.yaml"] = "runtime-endpoint: unix:///var/run/crio/crio.sock\n";
        entries["cri-o/etc/crio-umount.conf"] = "/var/lib/containers/storage/*\n";
        entries["cri-o/install"] = "#!/usr/bin/env bash\necho install\n";
        entries["cri-o/README.md"] = "# CRI-O bundle\n";
        var url = $"https://storage.googleapis.com/cri-o/artifacts/cri-o.amd64.{Version}.tar.gz";
        files.PutArchive(url, entries);
        files.Put(url + ".sha256sum", $"{files.Sha256(url)}  build/bundle/cri-o.amd64.{Version}.tar.gz\n");
    }
}
