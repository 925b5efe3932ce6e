namespace Flix.Recipes.Tests.Upstream;

/// <summary>opkssh: the program opkssh-linux-ARCH on GitHub, verified by the API's digest.</summary>
public sealed class OpksshUpstream : UpstreamRelease
{
    public override string Recipe => "opkssh";

    public override string Version => "v0.8.0";

    public override IReadOnlyList<string> Programs => ["opkssh"];

    public override (string Repository, string Tag)? GitHubRelease => ("openpubkey/opkssh", Version);

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/openpubkey/opkssh/releases/download/{Version}/";
        files.Put($"{release}opkssh-linux-amd64", ReleaseFiles.StandIn("opkssh", Version));
        files.Put($"{release}opkssh-linux-arm64", ReleaseFiles.StandIn("opkssh arm64", Version));
    }
}
