using Flix.IntegrationTests.Fixtures;
using Flix.TestSupport.Oci;
using Flix.TestSupport;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// nginx-light of Debian trixie (newer than this bookworm host: its binaries need a newer glibc) wrapped by
/// <c>flix flatwrap</c>, merged with the real systemd-sysext, checked with <c>nginx -t</c> and serving a page that
/// curl fetches: as root (unshare), as nobody with bwrap, and as nobody with NOBWRAP=1 (unshare in a user namespace).
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class FlatwrapNginxTests(FlatwrapFixture fixture) : IClassFixture<FlatwrapFixture>
{
    private const string Page = "served through flatwrap\n";

    /// <summary>
    /// The wrapper /usr/bin/nginx (by its path: a host with its own nginx in /usr/sbin finds that one first on PATH):
    /// nginx -t (with the image's own configuration as root), then nginx with a test configuration in the foreground, a page
    /// fetched with curl, and a stop: SIGTERM to the started process where it is nginx itself (unshare keeps the
    /// process), nginx -s quit through the wrapper where bwrap sits in between.
    /// </summary>
    private const string Script = """
        mode="$1"; port="$2"; as "$mode"
        # The image's own configuration listens on port 80, which only root may bind, also for a test.
        if [ "$mode" = root ]; then $run /usr/bin/nginx -t > t.out 2>&1; echo "t_rc=$?"; cat t.out; fi
        $run /usr/bin/nginx -t -c "$rundir/nginx.conf" -e "$rundir/logs/startup.log" > t.out 2>&1; echo "test_rc=$?"; cat t.out
        $run /usr/bin/nginx -c "$rundir/nginx.conf" -e "$rundir/logs/startup.log" -g 'daemon off;' > nginx.out 2>&1 &
        pid=$!
        fetched=1
        for i in $(seq 1 150); do
          if curl -fsS --max-time 2 "http://127.0.0.1:$port/" > page.out 2> curl.err; then fetched=0; break; fi
          sleep 0.1
        done
        echo "curl_rc=$fetched"; echo "page=$(cat page.out)"
        echo "comm=$(cat /proc/$pid/comm 2>/dev/null)"
        if [ "$mode" = bwrap ]; then $run /usr/bin/nginx -c "$rundir/nginx.conf" -e "$rundir/logs/startup.log" -s quit; else kill -TERM "$pid"; fi
        wait "$pid"; echo "nginx_rc=$?"
        echo "--- nginx output"; cat nginx.out; cat "$rundir/logs/"*.log 2>/dev/null; cat curl.err
        """;

    [Theory]
    // root: unshare --mount and the helper, which keep the process: the started pid is nginx
    [InlineData("root", "nginx")]
    // nobody with bwrap
    [InlineData("bwrap", "bwrap")]
    // nobody without bwrap: unshare --user --map-root-user, then the caller mapped back
    [InlineData("nobwrap", "nginx")]
    public async Task Nginx_passes_its_test_and_serves_a_page(string mode, string process)
    {
        using var run = new RunDirectory();
        int port = NginxTestSite.FreePort();
        NginxTestSite.Write(run, port, Page);

        var result = await MergedRun.RunAsync(fixture.NginxImage, "nginx-flatwrap", run.Path, Script, mode, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.Describe());
        string output = result.StandardOutput;
        Assert.True(mode != "root" || output.Contains("t_rc=0\n", StringComparison.Ordinal), result.Describe());
        Assert.True(output.Contains("test_rc=0\n", StringComparison.Ordinal) && output.Contains("test is successful", StringComparison.Ordinal), result.Describe());
        Assert.True(output.Contains("curl_rc=0\n", StringComparison.Ordinal), result.Describe());
        Assert.Contains("page=" + Page.TrimEnd(), output);
        Assert.True(output.Contains($"comm={process}\n", StringComparison.Ordinal), result.Describe());
        Assert.True(output.Contains("nginx_rc=0\n", StringComparison.Ordinal), result.Describe());
    }

    [Fact]
    public async Task The_unit_runs_the_wrapper_and_the_extension_asks_for_a_reload()
    {
        using var run = new RunDirectory();
        const string script = """
            cat /usr/lib/systemd/system/nginx.service
            echo "--- release"; cat /usr/lib/extension-release.d/extension-release.nginx-flatwrap
            echo "--- sbin"; if [ -e /usr/sbin/nginx ] && grep -q flatwrap /usr/sbin/nginx; then echo shadowed; else echo not-shadowed; fi
            """;

        var result = await MergedRun.RunAsync(fixture.NginxImage, "nginx-flatwrap", run.Path, script);

        Assert.True(result.ExitCode == 0, result.Describe());
        string output = result.StandardOutput;
        Assert.Contains("ExecStart=/usr/bin/nginx ", output);
        Assert.Contains("ConditionFileIsExecutable=/usr/bin/nginx\n", output);
        Assert.Contains("ExecReload=/usr/bin/nginx ", output);
        Assert.DoesNotContain("ExecStart=/usr/sbin/nginx", output);
        Assert.Contains("EXTENSION_RELOAD_MANAGER=1", output);
        Assert.Contains("ARCHITECTURE=x86-64", output);
        Assert.Contains("--- sbin\nnot-shadowed\n", output); // the host's /usr/sbin (which may have a nginx of its own) is not shadowed
        Assert.Contains("unit    /usr/lib/systemd/system/nginx.service", fixture.NginxOutput);
        Assert.Contains("start-stop-daemon", fixture.NginxOutput); // the unwrapped ExecStop is reported
    }
}
