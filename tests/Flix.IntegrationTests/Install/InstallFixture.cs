using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Install;

/// <summary>
/// A real Debian trixie image with apt (mmdebstrap --variant=essential --include=apt, cached) served by a real local
/// registry, and its rootfs unpacked for dir: sources. Packages come from the Debian mirror this machine reaches.
/// </summary>
public sealed class InstallFixture : IAsyncLifetime
{
    private TempDirectory? _work;
    private LocalRegistry? _registry;

    public TempDirectory Work => _work ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The image reference in the local registry.</summary>
    public string Reference { get; private set; } = string.Empty;

    /// <summary>The image's rootfs tar.</summary>
    public string RootfsTar { get; private set; } = string.Empty;

    /// <summary>The blob cache of the pulls.</summary>
    public string Cache => Work.Combine("cache");

    public async Task InitializeAsync()
    {
        await Prerequisites.RequireAsync();
        _work = TempDirectory.Create("install");
        try
        {
            Directory.CreateDirectory(Cache);
            var debian = await DebianImage.GetAsync("trixie", ["apt"]);
            RootfsTar = debian.RootfsTar;
            _registry = await LocalRegistry.StartAsync();
            Reference = await _registry.PushAsync(debian.LayoutDirectory, "flix/trixie-apt:latest", layoutTag: debian.Tag);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs flix in process; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> FlixAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await FlixSeparateAsync(arguments);
        return (exitCode, output + error);
    }

    /// <summary>Runs flix in process; returns its exit code, standard output and standard error apart.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> FlixSeparateAsync(params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await Flix.Cli.Program.RunAsync(arguments, stdout, stderr, _ => null);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The rootfs unpacked into a new folder of <see cref="Work"/>.</summary>
    public async Task<string> UnpackAsync(string name)
    {
        string root = Work.CreateSubdirectory(name);
        (await ProcessRunner.RunAsync("tar", ["--extract", "--file", RootfsTar, "--directory", root, "--numeric-owner"])).EnsureSuccess();
        return root;
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_work is not null)
        {
            Flix.Core.Tree.TreeRemover.TryDelete(_work.Path);
            _work.Dispose();
        }
    }
}
