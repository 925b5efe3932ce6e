using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Images;

/// <summary>
/// One real Debian trixie image with apt (mmdebstrap, cached) served by a real local registry: every image-build
/// recipe bakes from it with <c>--image</c>, installing its packages from the Debian mirror this machine reaches. A
/// recipe built from another suite (tilde from bookworm) gets that suite's image, pushed on first use.
/// </summary>
public sealed class TrixieAptFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _push = new(1, 1);
    private readonly Dictionary<string, string> _suites = new(StringComparer.Ordinal);
    private TempDirectory? _work;
    private LocalRegistry? _registry;

    public TempDirectory Work => _work ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The image reference in the local registry.</summary>
    public string Reference { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        HostTools.RequireRoot("systemd-sysext merge and the sandboxed package installs need root");
        foreach (var tool in new[] { "unshare", "systemd-sysext", "systemd-analyze", "unsquashfs" })
        {
            HostTools.Require(tool);
        }

        _work = TempDirectory.Create("recipes-images");
        try
        {
            var debian = await DebianImage.GetAsync("trixie", ["apt"]);
            _registry = await LocalRegistry.StartAsync();
            Reference = await _registry.PushAsync(debian.LayoutDirectory, "flix/trixie-apt:latest", layoutTag: debian.Tag);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The reference of the image of the Debian <paramref name="suite"/> with apt in the local registry.</summary>
    public async Task<string> ReferenceForAsync(string suite)
    {
        if (suite == "trixie")
        {
            return Reference;
        }

        await _push.WaitAsync();
        try
        {
            if (!_suites.TryGetValue(suite, out var reference))
            {
                var debian = await DebianImage.GetAsync(suite, ["apt"]);
                reference = await _registry!.PushAsync(debian.LayoutDirectory, $"flix/{suite}-apt:latest", layoutTag: debian.Tag);
                _suites[suite] = reference;
            }

            return reference;
        }
        finally
        {
            _push.Release();
        }
    }

    /// <summary>Runs flix in process with HOME and the cache inside the fixture's folder.</summary>
    public async Task<(int ExitCode, string Output, string Error)> FlixAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Work.Combine("cache"), ["HOME"] = Work.Path };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await Flix.Cli.Program.RunAsync(arguments, stdout, stderr, name => environment.GetValueOrDefault(name));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_work is not null)
        {
            TreeRemover.TryDelete(_work.Path);
            _work.Dispose();
        }

        _push.Dispose();
    }
}
