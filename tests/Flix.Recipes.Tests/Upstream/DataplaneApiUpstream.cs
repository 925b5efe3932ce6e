namespace Flix.Recipes.Tests.Upstream;

/// <summary>dataplaneapi: dataplaneapi_VERSION_linux_ARCH.tar.gz on GitHub (program, LICENSE, README.md) and the release's checksums.txt.</summary>
public sealed class DataplaneApiUpstream : UpstreamRelease
{
    public override string Recipe => "dataplaneapi";

    public override string Version => "v3.0.4";

    public override IReadOnlyList<string> Programs => ["dataplaneapi"];

    public override IReadOnlyList<string> Units => ["dataplaneapi.service", "multi-user.target.d/10-dataplaneapi.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/share/dataplaneapi/etc/dataplaneapi/dataplaneapi.yml", "usr/lib/tmpfiles.d/dataplaneapi.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/haproxytech/dataplaneapi/releases/download/{Version}/";
        var urls = new List<string>();
        foreach (var arch in new[] { "x86_64", "arm64" })
        {
            var url = $"{release}dataplaneapi_3.0.4_linux_{arch}.tar.gz";
            files.PutArchive(url, new Dictionary<string, string>
            {
                ["dataplaneapi"] = ReleaseFiles.StandIn("dataplaneapi", Version),
                ["LICENSE"] = "Apache-2.0\n",
                ["README.md"] = "# Data Plane API\n",
            });
            urls.Add(url);
        }

        files.PutSumsList($"{release}checksums.txt", [.. urls]);
    }
}
