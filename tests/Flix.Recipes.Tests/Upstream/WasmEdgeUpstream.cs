namespace Flix.Recipes.Tests.Upstream;

/// <summary>wasmedge: WasmEdge-VERSION-ubuntu20.04_ARCH.tar.gz on GitHub (a WasmEdge-VERSION-Linux/ folder before 0.15.0), verified by the API's digest.</summary>
public sealed class WasmEdgeUpstream : UpstreamRelease
{
    public override string Recipe => "wasmedge";

    public override string Version => "0.14.1";

    public override IReadOnlyList<string> Programs => ["wasmedge", "wasmedgec"];

    public override IReadOnlyList<string> OtherFiles => ["usr/lib/libwasmedge.so.0.1.0"];

    public override (string Repository, string Tag)? GitHubRelease => ("WasmEdge/WasmEdge", Version);

    public override void Publish(ReleaseFiles files)
    {
        var top = $"WasmEdge-{Version}-Linux";
        files.PutArchive($"https://github.com/WasmEdge/WasmEdge/releases/download/{Version}/WasmEdge-{Version}-ubuntu20.04_x86_64.tar.gz", new Dictionary<string, string>
        {
            [$"{top}/bin/wasmedge"] = ReleaseFiles.StandIn("wasmedge", Version),
            [$"{top}/bin/wasmedgec"] = ReleaseFiles.StandIn("wasmedgec", Version),
            [$"{top}/lib/libwasmedge.so.0.1.0"] = "stand-in library\n",
            [$"{top}/include/wasmedge/wasmedge.h"] = "/* header */\n",
        });
    }
}
