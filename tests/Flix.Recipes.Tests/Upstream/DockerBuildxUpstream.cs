namespace Flix.Recipes.Tests.Upstream;

/// <summary>docker-buildx: buildx-VERSION.linux-ARCH as one program on GitHub, and checksums.txt ("HEX *NAME" lines) for all assets.</summary>
public sealed class DockerBuildxUpstream : UpstreamRelease
{
    public override string Recipe => "docker-buildx";

    public override string Version => "v0.19.3";

    public override IReadOnlyList<string> Programs => ["usr/lib/docker/cli-plugins/docker-buildx"];

    public override void Publish(ReleaseFiles files)
    {
        var prefix = $"https://github.com/docker/buildx/releases/download/{Version}/";
        files.Put($"{prefix}buildx-{Version}.linux-amd64", ReleaseFiles.StandIn("docker-buildx", Version));
        files.Put($"{prefix}buildx-{Version}.linux-arm64", ReleaseFiles.StandIn("docker-buildx", Version) + "# arm64\n");
        files.Put($"{prefix}buildx-{Version}.linux-amd64.provenance.json", "{}\n");
        files.PutBinarySumsList(prefix + "checksums.txt", $"{prefix}buildx-{Version}.linux-amd64", $"{prefix}buildx-{Version}.linux-amd64.provenance.json", $"{prefix}buildx-{Version}.linux-arm64");
    }
}
