namespace Flix.Recipes.Tests.Upstream;

/// <summary>coder: coder_VERSION_linux_ARCH.tar.gz on GitHub (coder, LICENSE, README.md) and coder_VERSION_checksums.txt.</summary>
public sealed class CoderUpstream : UpstreamRelease
{
    public override string Recipe => "coder";

    public override string Version => "v2.17.2";

    public override IReadOnlyList<string> Programs => ["coder"];

    public override IReadOnlyList<string> Units =>
        ["coder.service", "coder-workspace-proxy.service", "multi-user.target.d/10-coder.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/lib/tmpfiles.d/coder.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/coder/coder/releases/download/{Version}/";
        var urls = new List<string>();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var url = $"{release}coder_2.17.2_linux_{arch}.tar.gz";
            files.PutArchive(url, new Dictionary<string, string>
            {
                ["coder"] = ReleaseFiles.StandIn("coder", Version),
                ["LICENSE"] = "AGPL-3.0\n",
                ["README.md"] = "# Coder\n",
            });
            urls.Add(url);
        }

        files.PutSumsList($"{release}coder_2.17.2_checksums.txt", [.. urls]);
    }
}
