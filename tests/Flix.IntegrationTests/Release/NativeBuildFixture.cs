using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Release;

/// <summary>
/// The NativeAOT flix of tools/publish.sh for this machine, built once for the release tests into a temp folder
/// (a few minutes), or the one FLIX_NATIVE names (an already published dist/linux-x64 folder, to skip the build).
/// </summary>
public sealed class NativeBuildFixture : IAsyncLifetime
{
    private TempDirectory? _out;

    /// <summary>The folder with flix and the flatwrap link.</summary>
    public string Folder { get; private set; } = string.Empty;

    public string Flix => Path.Combine(Folder, "flix");

    /// <summary>What the NativeAOT publish printed (empty when FLIX_NATIVE named a build): trim and AOT warnings show here.</summary>
    public string PublishLog { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("FLIX_NATIVE") is { Length: > 0 } given)
        {
            Folder = given;
            return;
        }

        string repository = RepositoryRoot.Find();
        _out = TempDirectory.Create("native");
        var result = await ProcessRunner.RunAsync(
            "bash", [Path.Combine(repository, "tools/publish.sh"), "x64"], repository,
            new Dictionary<string, string> { ["OUT"] = _out.Path }, TimeSpan.FromMinutes(20));
        result.EnsureSuccess();
        PublishLog = result.StandardOutput + result.StandardError;
        Folder = Path.Combine(_out.Path, "linux-x64");
    }

    public Task DisposeAsync()
    {
        _out?.Dispose();
        return Task.CompletedTask;
    }
}
