namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// llamaedge: llama-api-server.wasm from LlamaEdge's GitHub release and the wasi_nn GGML plugin tarball (the library at
/// its root) from WasmEdge's release of the --param version, each verified by its own release's API digests.
/// </summary>
public sealed class LlamaEdgeUpstream : UpstreamRelease
{
    private const string WasmEdgeVersion = "0.14.1";

    public override string Recipe => "llamaedge";

    public override string Version => "0.14.16";

    public override IReadOnlyList<string> Programs => [];

    public override IReadOnlyList<string> OtherFiles =>
        ["usr/lib/wasmedge/wasm/llama-api-server.wasm", "usr/lib/wasmedge/libwasmedgePluginWasiNN.so"];

    public override IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string> { ["wasmedge"] = WasmEdgeVersion };

    public override IReadOnlyList<(string Repository, string Tag)> GitHubReleases =>
        [("LlamaEdge/LlamaEdge", Version), ("WasmEdge/WasmEdge", WasmEdgeVersion)];

    public override void Publish(ReleaseFiles files)
    {
        // A Wasm module's header (magic and version 1) and an empty body stand in for the server.
        files.Put($"https://github.com/LlamaEdge/LlamaEdge/releases/download/{Version}/llama-api-server.wasm", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
        files.PutArchive(
            $"https://github.com/WasmEdge/WasmEdge/releases/download/{WasmEdgeVersion}/WasmEdge-plugin-wasi_nn-ggml-{WasmEdgeVersion}-ubuntu20.04_x86_64.tar.gz",
            new Dictionary<string, string> { ["libwasmedgePluginWasiNN.so"] = "stand-in plugin\n" });
    }
}
