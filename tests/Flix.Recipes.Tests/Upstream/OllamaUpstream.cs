namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// ollama: ollama-linux-ARCH.tar.zst on GitHub (bin/ollama and lib/ollama/ runners; a .tgz before 0.14.0) and the
/// release's sha256sum.txt, whose lines name the files as ./NAME.
/// </summary>
public sealed class OllamaUpstream : UpstreamRelease
{
    public override string Recipe => "ollama";

    public override string Version => "v0.14.2";

    public override IReadOnlyList<string> Programs => ["ollama"];

    public override IReadOnlyList<string> Units => ["ollama.service", "multi-user.target.d/10-ollama.conf"];

    public override IReadOnlyList<string> OtherFiles => ["usr/lib/ollama/libggml-base.so", "usr/lib/ollama/cuda_v12/libggml-cuda.so"];

    public override void Publish(ReleaseFiles files)
    {
        var release = $"https://github.com/ollama/ollama/releases/download/{Version}/";
        var url = $"{release}ollama-linux-amd64.tar.zst";
        files.Put(url, ZstdTarball.Create(new Dictionary<string, string>
        {
            ["bin/ollama"] = ReleaseFiles.StandIn("ollama", Version),
            ["lib/ollama/libggml-base.so"] = "stand-in library\n",
            ["lib/ollama/cuda_v12/libggml-cuda.so"] = "stand-in library\n",
        }));
        files.Put($"{release}ollama-darwin.tgz", "not this one\n");
        files.Put($"{release}sha256sum.txt", $"{files.Sha256($"{release}ollama-darwin.tgz")}  ./ollama-darwin.tgz\n{files.Sha256(url)}  ./ollama-linux-amd64.tar.zst\n");
    }
}
