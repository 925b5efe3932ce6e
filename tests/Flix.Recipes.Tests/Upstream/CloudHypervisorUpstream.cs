namespace Flix.Recipes.Tests.Upstream;

/// <summary>cloud-hypervisor: cloud-hypervisor-static and ch-remote-static on GitHub (-static-aarch64 for arm64), verified by the API's digests.</summary>
public sealed class CloudHypervisorUpstream : UpstreamRelease
{
    public override string Recipe => "cloud-hypervisor";

    public override string Version => "v46.0";

    public override IReadOnlyList<string> Programs => ["cloud-hypervisor", "ch-remote"];

    public override (string Repository, string Tag)? GitHubRelease => ("cloud-hypervisor/cloud-hypervisor", Version);

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/cloud-hypervisor/cloud-hypervisor/releases/download/{Version}/";
        foreach (var program in new[] { "cloud-hypervisor", "ch-remote" })
        {
            files.Put($"{release}{program}-static", ReleaseFiles.StandIn(program, Version));
            files.Put($"{release}{program}-static-aarch64", ReleaseFiles.StandIn(program + " aarch64", Version));
            files.Put($"{release}{program}", ReleaseFiles.StandIn(program + " dynamic", Version));
        }
    }
}
