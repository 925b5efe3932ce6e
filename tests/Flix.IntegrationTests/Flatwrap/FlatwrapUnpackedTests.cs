using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// The program started under the name <c>flatwrap</c> (a symlink to the flix executable, as the bakery's tool is
/// called) wraps a program of a tiny root folder (<c>dir:</c>, the host's dash and its libraries) into a directory
/// extension, and <c>FLATWRAP_ROOT</c> runs the wrapper from that unpacked tree without any merge.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FlatwrapUnpackedTests
{
    /// <summary>A probe made of shell builtins only: the tiny root has no other programs.</summary>
    private const string Probe = """
        #!/bin/sh
        printf 'program=%s\n' "$0"
        for a in "$@"; do printf 'arg=[%s]\n' "$a"; done
        printf 'pwd=%s\n' "$(pwd)"
        read -r marker < /etc/flix-marker
        printf 'etc=%s\n' "$marker"
        exit 42

        """;

    [Theory]
    // root: unshare
    [InlineData("root")]
    // nobody: bwrap
    [InlineData("bwrap")]
    // nobody: unshare in a user namespace
    [InlineData("nobwrap")]
    public async Task Invoked_as_flatwrap_it_wraps_and_FLATWRAP_ROOT_runs_the_unpacked_tree(string mode)
    {
        await Prerequisites.RequireAsync();
        using var temp = TempDirectory.Create("flatwrap-unpacked");
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0x1ED); // 0755: nobody runs the wrapper from here
        string root = temp.CreateSubdirectory("root");
        await BuildTinyRootAsync(root);
        string flatwrap = temp.Combine("flatwrap");
        File.CreateSymbolicLink(flatwrap, Path.Combine(AppContext.BaseDirectory, "flix"));

        var built = await ProcessRunner.RunAsync(
            flatwrap, ["dir:" + root, "tiny", "/usr/bin/my probe", "--etcmap", "chroot", "--format", "dir", "--output", temp.Combine("out")]);

        Assert.True(built.ExitCode == 0, built.Describe());
        Assert.Contains("wrapper /usr/bin/my probe runs /usr/bin/my probe in the private root", built.StandardOutput);
        string extension = temp.Combine("out", "tiny");
        string wrapper = Path.Combine(extension, "usr", "bin", "my probe");
        var environment = new Dictionary<string, string> { ["FLATWRAP_ROOT"] = extension };
        string[] command = mode switch
        {
            "root" => ["env", "-u", "NOBWRAP", wrapper],
            "bwrap" => ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "-u", "NOBWRAP", wrapper],
            _ => ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "NOBWRAP=1", wrapper],
        };

        var run = await ProcessRunner.RunAsync(command[0], [.. command[1..], "x y", "$z"], workingDirectory: "/tmp", environment);

        Assert.True(run.ExitCode == 42, run.Describe());
        Assert.Equal("program=/usr/bin/my probe\narg=[x y]\narg=[$z]\npwd=/tmp\netc=image\n", run.StandardOutput);
    }

    /// <summary>A root with the host's dash as /usr/bin/sh, its libraries, merged-/usr links and the probe.</summary>
    private static async Task BuildTinyRootAsync(string root)
    {
        string dash = File.ResolveLinkTarget("/bin/sh", returnFinalTarget: true)?.FullName ?? "/bin/sh";
        var libraries = await ProcessRunner.RunAsync("ldd", dash);
        libraries.EnsureSuccess();
        foreach (var line in libraries.StandardOutput.Split('\n'))
        {
            string? library = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(word => word.StartsWith('/'));
            if (library is not null)
            {
                Copy(library, UsrPath(library));
            }
        }

        Copy(dash, "/usr/bin/sh");
        foreach (var (link, target) in new[] { ("bin", "usr/bin"), ("lib", "usr/lib"), ("lib64", "usr/lib64"), ("sbin", "usr/sbin") })
        {
            Directory.CreateDirectory(Path.Combine(root, target));
            File.CreateSymbolicLink(Path.Combine(root, link), target);
        }

        foreach (var folder in new[] { "etc", "tmp", "proc", "dev", "sys", "var/tmp", "home", "run" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        await File.WriteAllTextAsync(Path.Combine(root, "etc", "flix-marker"), "image\n");
        string probe = Path.Combine(root, "usr", "bin", "my probe");
        await File.WriteAllTextAsync(probe, Probe);
        File.SetUnixFileMode(probe, (UnixFileMode)0x1ED);

        void Copy(string source, string target)
        {
            string destination = Path.Combine(root, target.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
        }
    }

    /// <summary>Where a library of the host goes in a merged-/usr root: /lib… moves to /usr/lib….</summary>
    private static string UsrPath(string path) => path.StartsWith("/usr/", StringComparison.Ordinal) ? path : "/usr" + path;
}
