using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Install;

/// <summary>
/// <c>flix rootfs IMAGE DIR --run "id -u" --install jq</c> as an ordinary user (nobody, through setpriv): with subordinate
/// ids added for the test it is root inside and apt installs; without them the error says what is missing.
/// /etc/subuid and /etc/subgid are put back byte for byte.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class UnprivilegedInstallTests(InstallFixture fixture) : IClassFixture<InstallFixture>
{
    private static readonly string[] IdFiles = ["/etc/subuid", "/etc/subgid"];

    [Fact]
    public async Task An_ordinary_user_with_subordinate_ids_is_root_inside_and_installs_with_apt()
    {
        string folder = NobodyFolder("with-ids");
        var saved = IdFiles.ToDictionary(f => f, f => File.Exists(f) ? File.ReadAllBytes(f) : null);
        var times = IdFiles.Where(File.Exists).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        ProcessResult result;
        try
        {
            foreach (var file in IdFiles)
            {
                File.AppendAllText(file, "nobody:400000:65536\n");
            }

            result = await RunAsNobodyAsync(folder, "rootfs", fixture.Reference, Path.Combine(folder, "r"), "--insecure", "--cache-dir", Path.Combine(folder, "cache"),
                "--install", "jq", "--run", "id -u; id -g", "--run", "jq --version");
        }
        finally
        {
            Restore(saved);
            foreach (var (file, time) in times)
            {
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("\n0\n0\njq-1.7", "\n" + result.StandardError.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "r/usr/bin/jq")), result.Describe());
        var strangers = await ProcessRunner.RunAsync("find", [Path.Combine(folder, "r"), "-xdev", "!", "-uid", "65534"]);
        Assert.Equal(string.Empty, strangers.StandardOutput); // everything on disk is the user's, who can use and delete it
    }

    [Fact]
    public async Task Without_subordinate_ids_the_error_says_what_is_missing()
    {
        string folder = NobodyFolder("without-ids");
        Assert.DoesNotContain("nobody:", File.ReadAllText("/etc/subuid"), StringComparison.Ordinal);

        var result = await RunAsNobodyAsync(folder, "rootfs", fixture.Reference, Path.Combine(folder, "r"), "--insecure", "--cache-dir", Path.Combine(folder, "cache"),
            "--run", "id -u");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nobody (uid 65534) has no range in /etc/subuid and /etc/subgid", result.StandardError);
        Assert.False(Directory.Exists(Path.Combine(folder, "r")), "a failed run leaves no rootfs");
    }

    private string NobodyFolder(string name)
    {
        string folder = fixture.Work.CreateSubdirectory("nobody-" + name);
        File.SetUnixFileMode(fixture.Work.Path, (UnixFileMode)0b111_101_101);
        ProcessRunner.RunAsync("chown", ["65534:65534", folder]).GetAwaiter().GetResult().EnsureSuccess();
        return folder;
    }

    private static Task<ProcessResult> RunAsNobodyAsync(string home, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={home}", $"DOTNET_CLI_HOME={home}", "DOTNET_NOLOGO=1",
                "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "flix.dll"), .. arguments],
            timeout: TimeSpan.FromMinutes(10));

    private static void Restore(Dictionary<string, byte[]?> saved)
    {
        foreach (var (file, content) in saved)
        {
            if (content is null)
            {
                File.Delete(file);
            }
            else
            {
                File.WriteAllBytes(file, content);
            }
        }
    }
}
