namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// kata-containers: kata-static-VERSION-ARCH.tar.zst on GitHub (./opt/kata/…; .tar.xz before 3.21.0), verified by
/// the API's digest. The programs are links into /opt/kata, so the check runs them through the links' targets.
/// </summary>
public sealed class KataContainersUpstream : UpstreamRelease
{
    public override string Recipe => "kata-containers";

    public override string Version => "3.21.0";

    public override IReadOnlyList<string> Programs => [];

    public override IReadOnlyList<string> OtherFiles =>
        ["opt/kata/bin/containerd-shim-kata-v2", "opt/kata/bin/kata-runtime", "opt/kata/share/defaults/kata-containers/configuration.toml"];

    public override (string Repository, string Tag)? GitHubRelease => ("kata-containers/kata-containers", Version);

    public override void Publish(ReleaseFiles files)
    {
        files.Put($"https://github.com/kata-containers/kata-containers/releases/download/{Version}/kata-static-{Version}-amd64.tar.zst", ZstdTarball.Create(new Dictionary<string, string>
        {
            ["opt/kata/bin/containerd-shim-kata-v2"] = ReleaseFiles.StandIn("containerd-shim-kata-v2", Version),
            ["opt/kata/bin/kata-runtime"] = ReleaseFiles.StandIn("kata-runtime", Version),
            ["opt/kata/bin/kata-collect-data.sh"] = ReleaseFiles.StandIn("kata-collect-data.sh", Version),
            ["opt/kata/bin/qemu-system-x86_64"] = ReleaseFiles.StandIn("qemu-system-x86_64", Version),
            ["opt/kata/share/defaults/kata-containers/configuration.toml"] = "[hypervisor.qemu]\npath = \"/opt/kata/bin/qemu-system-x86_64\"\n",
        }));
    }
}
