namespace Flix.Recipes.Tests.Upstream;

/// <summary>ig: ig-linux-ARCH-VERSION.tar.gz and gadgetctl-linux-ARCH-VERSION.tar.gz on GitHub (the program at the top), verified by the API's digests.</summary>
public sealed class IgUpstream : UpstreamRelease
{
    public override string Recipe => "ig";

    public override string Version => "v0.34.0";

    public override IReadOnlyList<string> Programs => ["ig", "gadgetctl"];

    public override (string Repository, string Tag)? GitHubRelease => ("inspektor-gadget/inspektor-gadget", Version);

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/inspektor-gadget/inspektor-gadget/releases/download/{Version}/";
        foreach (var program in new[] { "ig", "gadgetctl" })
        {
            files.PutArchive($"{release}{program}-linux-amd64-{Version}.tar.gz", new Dictionary<string, string>
            {
                [program] = ReleaseFiles.StandIn(program, Version),
                ["LICENSE"] = "Apache-2.0\n",
            });
        }
    }
}
