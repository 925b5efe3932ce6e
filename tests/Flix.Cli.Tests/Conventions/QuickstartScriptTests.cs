using Flix.TestSupport;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Conventions;

/// <summary>
/// README's first command, tools/quickstart.sh, run with the flix of this build: a trixie image made with
/// mmdebstrap and served by a local registry becomes a Flix-mode and a Flatwrap extension that run after a real
/// merge and at boot. Download-heavy (mmdebstrap of trixie), hence the slow group.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class QuickstartScriptTests
{
    [Fact]
    public async Task The_quickstart_runs_both_extensions_after_a_merge_and_at_boot()
    {
        HostTools.RequireRoot();
        foreach (var tool in new[] { "mmdebstrap", "docker-registry", "skopeo", "systemd-nspawn", "curl", "python3" })
        {
            HostTools.Require(tool);
        }

        string script = Path.Combine(RepositoryRoot(), "tools", "quickstart.sh");
        string flix = "dotnet " + Path.Combine(AppContext.BaseDirectory, "flix.dll");
        var before = Directory.GetDirectories("/var/tmp", "flix-quickstart.*");

        var result = await ProcessRunner.RunAsync("bash", [script], environment: new Dictionary<string, string> { ["FLIX"] = flix },
            timeout: TimeSpan.FromMinutes(25));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Matches(@"jq-1\.7", result.StandardOutput);
        Assert.Contains("{\"release\":\"trixie\"}", result.StandardOutput);
        Assert.Contains("BusyBox v1.", result.StandardOutput);
        Assert.Contains("/usr: jq, web", result.StandardOutput);
        Assert.Contains("multi-user.target reached", result.StandardOutput);
        Assert.Contains("web.service (Upholds by multi-user.target): active (running", result.StandardOutput);
        Assert.Equal(before, Directory.GetDirectories("/var/tmp", "flix-quickstart.*"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "tools", "quickstart.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No tools/quickstart.sh above {AppContext.BaseDirectory}.");
    }
}
