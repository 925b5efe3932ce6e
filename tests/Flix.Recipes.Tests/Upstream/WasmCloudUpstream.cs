namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// wasmcloud: the host as a single musl program on GitHub (verified by the API's digest) and the NATS server's
/// nats-server-TAG-linux-ARCH.tar.gz with the SHA256SUMS of its release.
/// </summary>
public sealed class WasmCloudUpstream : UpstreamRelease
{
    private const string Nats = "v2.10.22";

    public override string Recipe => "wasmcloud";

    public override string Version => "v1.7.0";

    public override IReadOnlyList<string> Programs => ["wasmcloud", "nats-server"];

    public override IReadOnlyList<string> Units =>
        ["nats.service", "wasmcloud.service", "multi-user.target.d/10-wasmcloud.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/share/nats/nats.conf"];

    public override (string Repository, string Tag)? GitHubRelease => ("wasmcloud/wasmcloud", Version);

    public override void Publish(ReleaseFiles files)
    {
        files.Put($"https://github.com/wasmcloud/wasmcloud/releases/download/{Version}/wasmcloud-x86_64-unknown-linux-musl", ReleaseFiles.StandIn("wasmcloud", Version));
        var release = $"https://github.com/nats-io/nats-server/releases/download/{Nats}/";
        var amd64 = $"nats-server-{Nats}-linux-amd64";
        var arm64 = $"nats-server-{Nats}-linux-arm64";
        foreach (var top in new[] { amd64, arm64 })
        {
            files.PutArchive($"{release}{top}.tar.gz", new Dictionary<string, string>
            {
                [$"{top}/nats-server"] = ReleaseFiles.StandIn("nats-server", Nats),
                [$"{top}/LICENSE"] = "Apache-2.0\n",
                [$"{top}/README.md"] = "# NATS\n",
            });
        }

        files.PutSumsList($"{release}SHA256SUMS", $"{release}{arm64}.tar.gz", $"{release}{amd64}.tar.gz");
    }
}
