namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// nebula: nebula-linux-ARCH.tar.gz on GitHub (the two programs at the top) and SHASUM256.txt, which lists the
/// archives and, as ARCHIVE/PROGRAM, the programs inside them.
/// </summary>
public sealed class NebulaUpstream : UpstreamRelease
{
    public override string Recipe => "nebula";

    public override string Version => "v1.9.5";

    public override IReadOnlyList<string> Programs => ["nebula", "nebula-cert"];

    public override IReadOnlyList<string> Units => ["nebula.service", "multi-user.target.d/10-nebula.conf"];

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/slackhq/nebula/releases/download/{Version}/";
        var sums = new System.Text.StringBuilder();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var url = $"{release}nebula-linux-{arch}.tar.gz";
            var nebula = ReleaseFiles.StandIn("nebula", Version);
            var cert = ReleaseFiles.StandIn("nebula-cert", Version);
            files.PutArchive(url, new Dictionary<string, string> { ["nebula"] = nebula, ["nebula-cert"] = cert });
            sums.Append($"{Sha256Hex(nebula)}  nebula-linux-{arch}.tar.gz/nebula\n");
            sums.Append($"{Sha256Hex(cert)}  nebula-linux-{arch}.tar.gz/nebula-cert\n");
            sums.Append($"{files.Sha256(url)}  nebula-linux-{arch}.tar.gz\n");
        }

        files.Put($"{release}SHASUM256.txt", sums.ToString());
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
