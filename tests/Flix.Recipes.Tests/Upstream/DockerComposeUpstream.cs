namespace Flix.Recipes.Tests.Upstream;

/// <summary>docker-compose: docker-compose-linux-ARCH as one program on GitHub, with a .sha256 in sha256sum's binary style.</summary>
public sealed class DockerComposeUpstream : UpstreamRelease
{
    public override string Recipe => "docker-compose";

    public override string Version => "v2.32.1";

    public override IReadOnlyList<string> Programs => ["usr/lib/docker/cli-plugins/docker-compose"];

    public override IReadOnlyList<string> OtherFiles => ["usr/bin/docker-compose"];

    public override void Publish(ReleaseFiles files)
    {
        var url = $"https://github.com/docker/compose/releases/download/{Version}/docker-compose-linux-x86_64";
        files.Put(url, ReleaseFiles.StandIn("docker-compose", Version));
        files.PutSha256File(url, binary: true);
    }
}
