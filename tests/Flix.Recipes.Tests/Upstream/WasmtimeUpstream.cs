namespace Flix.Recipes.Tests.Upstream;

/// <summary>wasmtime: wasmtime-VERSION-ARCH-linux.tar.xz on GitHub (program, LICENSE, README.md), verified by the API's digest.</summary>
public sealed class WasmtimeUpstream : UpstreamRelease
{
    public override string Recipe => "wasmtime";

    public override string Version => "v24.0.0";

    public override IReadOnlyList<string> Programs => ["wasmtime"];

    public override (string Repository, string Tag)? GitHubRelease => ("bytecodealliance/wasmtime", Version);

    public override void Publish(ReleaseFiles files)
    {
        var top = $"wasmtime-{Version}-x86_64-linux";
        files.PutArchive($"https://github.com/bytecodealliance/wasmtime/releases/download/{Version}/{top}.tar.xz", new Dictionary<string, string>
        {
            [$"{top}/wasmtime"] = ReleaseFiles.StandIn("wasmtime", Version),
            [$"{top}/LICENSE"] = "Apache-2.0 WITH LLVM-exception\n",
            [$"{top}/README.md"] = "# wasmtime\n",
        });
    }
}
