using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Flatwrap;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Install;

/// <summary>
/// Installing packages inside the image end to end (issue: install step): a real trixie image from a real local
/// registry, apt inside the sandbox against the Debian mirror, the extension merged with the real systemd-sysext in
/// private mount and PID namespaces.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class InstallEndToEndTests(InstallFixture fixture) : IClassFixture<InstallFixture>
{
    [Fact]
    public async Task Flix_IMAGE_jq_installs_jq_and_the_merged_jq_runs()
    {
        string output = fixture.Work.CreateSubdirectory("out-jq");

        var (exitCode, json, printed) = await InstallFixture.FlixSeparateAsync(
            fixture.Reference, "jq", "--insecure", "--cache-dir", fixture.Cache, "--output", output, "--compression", "lz4", "--json");

        Assert.True(exitCode == 0, json + printed);
        Assert.Contains("From the package jq (jq 1.7", printed);
        using (var report = System.Text.Json.JsonDocument.Parse(json))
        {
            var package = report.RootElement.GetProperty("package");
            Assert.Equal("jq", package.GetProperty("name").GetString());
            Assert.Equal(["/usr/bin/jq"], package.GetProperty("entries").EnumerateArray().Select(e => e.GetString()));
            Assert.StartsWith("jq 1.7", package.GetProperty("packages")[0].GetString(), StringComparison.Ordinal);
        }

        using var run = new RunDirectory();
        var merged = await MergedRun.RunAsync(Path.Combine(output, "jq.raw"), "jq", run.Path, "echo '{\"a\":[1,2]}' | /usr/bin/jq -c '.a|add'; /usr/bin/jq --version");
        Assert.True(merged.ExitCode == 0, merged.Describe());
        Assert.StartsWith("3\njq-1.7", merged.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flix_mode_nginx_light_ships_a_unit_that_runs_usr_bin_and_starts_on_merge()
    {
        string output = fixture.Work.CreateSubdirectory("out-nginx");

        var (exitCode, printed) = await InstallFixture.FlixAsync(fixture.Reference, "nginx-light", "--insecure", "--cache-dir", fixture.Cache, "--output", output, "--compression", "lz4");

        Assert.True(exitCode == 0, printed);
        Assert.Contains("(ExecStop= on line", printed); // start-stop-daemon is not shipped: a warning with its line
        using var run = new RunDirectory();
        const string script = """
            echo "--- unit"; cat /usr/lib/systemd/system/nginx.service
            echo "--- dropin"; cat /usr/lib/systemd/system/multi-user.target.d/10-nginx-light.conf
            echo "--- release"; cat /usr/lib/extension-release.d/extension-release.nginx-light
            echo "--- verify"; systemd-analyze verify /usr/lib/systemd/system/nginx.service 2>&1; echo "verify_rc=$?"
            echo "--- nginx"; /usr/bin/nginx -v 2>&1
            """;
        var merged = await MergedRun.RunAsync(Path.Combine(output, "nginx-light.raw"), "nginx-light", run.Path, script);

        Assert.True(merged.ExitCode == 0, merged.Describe());
        string text = merged.StandardOutput;
        Assert.Contains("ExecStart=/usr/bin/nginx -g 'daemon on; master_process on;'\n", text);
        Assert.Contains("ExecStartPre=/usr/bin/nginx -t", text);
        Assert.Contains("ConditionFileIsExecutable=/usr/bin/nginx\n", text);
        Assert.DoesNotContain("/usr/sbin/nginx", text);
        Assert.Contains("--- dropin\n[Unit]\nUpholds=nginx.service\n", text);
        Assert.Contains("EXTENSION_RELOAD_MANAGER=1", text);
        Assert.DoesNotContain("is not executable", text);
        Assert.Contains("nginx version: nginx/1.26", text);
    }

    [Fact]
    public async Task A_named_path_the_image_lacks_installs_the_package_NAME_first()
    {
        string output = fixture.Work.CreateSubdirectory("out-b3sum");

        var (exitCode, printed) = await InstallFixture.FlixAsync(fixture.Reference, "b3sum", "/usr/bin/b3sum", "--insecure", "--cache-dir", fixture.Cache,
            "--output", output, "--format", "dir");

        Assert.True(exitCode == 0, printed);
        Assert.Contains("b3sum", printed);
        Assert.True(File.Exists(Path.Combine(output, "b3sum", "usr/bin/b3sum")), printed);
    }

    [Fact]
    public async Task A_dir_source_stays_byte_for_byte_unchanged_after_an_install()
    {
        string source = await fixture.UnpackAsync("dir-source");
        string scratch = fixture.Work.CreateSubdirectory("snapshots");
        var before = await TreeSnapshot.TakeAsync(source, scratch);
        string output = fixture.Work.CreateSubdirectory("out-dir");

        var (exitCode, printed) = await InstallFixture.FlixAsync("dir:" + source, "tools", "/usr/bin/jq", "--install", "jq", "--run", "touch /usr/bin/flix-ran",
            "--output", output, "--format", "dir");

        Assert.True(exitCode == 0, printed);
        Assert.True(File.Exists(Path.Combine(output, "tools", "usr/bin/jq")), printed);
        var after = await TreeSnapshot.TakeAsync(source, scratch);
        Assert.Equal(before.Entries.Keys.Order(StringComparer.Ordinal), after.Entries.Keys.Order(StringComparer.Ordinal));
        var changed = before.Entries.Where(e => !EntryEquals(e.Value, after.Entries[e.Key])).Select(e => e.Key).ToList();
        Assert.Empty(changed);
        Assert.False(File.Exists(Path.Combine(source, "usr/bin/flix-ran")));
    }

    [Fact]
    public async Task A_failing_run_stops_with_its_exit_code_and_leaves_no_output()
    {
        string output = fixture.Work.CreateSubdirectory("out-fail");

        var (exitCode, printed) = await InstallFixture.FlixAsync(fixture.Reference, "fails", "/usr/bin/true", "--run", "echo before", "--run", "exit 7", "--run", "echo never",
            "--insecure", "--cache-dir", fixture.Cache, "--output", output);

        Assert.Equal(7, exitCode);
        Assert.Contains("before", printed);
        Assert.DoesNotContain("never", printed);
        Assert.Contains("'exit 7' failed in the image with exit code 7", printed);
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    private static bool EntryEquals(Flix.TestSupport.Trees.TreeEntry a, Flix.TestSupport.Trees.TreeEntry b) =>
        a with { Xattrs = b.Xattrs } == b && a.Xattrs.Count == b.Xattrs.Count && a.Xattrs.All(x => b.Xattrs.TryGetValue(x.Key, out var v) && v == x.Value);
}
