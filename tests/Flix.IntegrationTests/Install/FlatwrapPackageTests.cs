using System.Globalization;
using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Flatwrap;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Install;

/// <summary>
/// <c>flatwrap IMAGE nginx-light --etcmap chroot</c> with no PATH: nginx-light is installed in the image, nginx and its
/// unit are found in the package database, and after a real merge (the host's /var empty, then systemd-tmpfiles as at
/// boot) <c>nginx -t</c> passes with the image's own configuration and nginx serves a page, as root and as nobody.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FlatwrapPackageTests(InstallFixture fixture) : IClassFixture<InstallFixture>
{
    private const string Page = "served by an installed nginx\n";

    private const string Script = """
        image="$1"; rundir="$2"; port="$3"
        mount --make-rshared / || exit 10
        mount -t tmpfs tmpfs /run || exit 11
        mkdir -p /run/extensions && cp "$image" /run/extensions/nginx-light.raw || exit 12
        systemd-sysext merge >&2 || exit 13
        # The host's /var has nothing of nginx: the extension's tmpfiles.d makes what the package expects, as at boot.
        mount -t tmpfs -o mode=0755 tmpfs /var/lib && mount -t tmpfs -o mode=0755 tmpfs /var/log || exit 14
        systemd-tmpfiles --create /usr/lib/tmpfiles.d/flix-nginx-light.conf; echo "tmpfiles_rc=$?"
        ls -ld /var/lib/nginx /var/log/nginx | awk '{print "made", $1, $NF}'
        cat /usr/lib/systemd/system/nginx.service | grep -E '^(ExecStart|ConditionFileIsExecutable)='
        cat /usr/lib/systemd/system/multi-user.target.d/10-nginx-light.conf
        # The wrapper by its path: the host may have a nginx of its own in /usr/sbin, first in root's PATH.
        /usr/bin/nginx -v 2>&1; /usr/bin/nginx -t > t.out 2>&1; echo "t_rc=$?"; cat t.out
        cd "$rundir" || exit 16
        for mode in nobody root; do
          if [ "$mode" = root ]; then run=""; else run="setpriv --reuid=65534 --regid=65534 --clear-groups env NOBWRAP=1"; fi
          $run /usr/bin/nginx -c "$rundir/nginx.conf" -e "$rundir/logs/startup.log" -g 'daemon off;' > nginx.out 2>&1 &
          pid=$!
          fetched=1
          for i in $(seq 1 150); do
            if curl -fsS --max-time 2 "http://127.0.0.1:$port/" > page.out 2> curl.err; then fetched=0; break; fi
            sleep 0.1
          done
          echo "$mode curl_rc=$fetched page=$(cat page.out 2>/dev/null)"
          kill -TERM "$pid"; wait "$pid"
          cat nginx.out curl.err; rm -f page.out
        done
        """;

    [Fact]
    public async Task Nginx_light_without_a_path_passes_its_test_and_serves_a_page_after_a_real_merge()
    {
        string output = fixture.Work.CreateSubdirectory("out-flatwrap");
        var (exitCode, printed) = await InstallFixture.FlixAsync(
            "flatwrap", fixture.Reference, "nginx-light", "--etcmap", "chroot", "--insecure", "--cache-dir", fixture.Cache, "--output", output, "--compression", "lz4");
        Assert.True(exitCode == 0, printed);
        Assert.Contains("/usr/sbin/nginx:/usr/bin/nginx", printed);
        Assert.Contains("unit    /usr/lib/systemd/system/nginx.service", printed);

        using var run = new RunDirectory();
        int port = NginxTestSite.FreePort();
        NginxTestSite.Write(run, port, Page);
        var result = await ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c", Script, "flix-it",
                Path.Combine(output, "nginx-light.raw"), run.Path, port.ToString(CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Describe());
        string text = result.StandardOutput;
        Assert.True(text.Contains("tmpfiles_rc=0\n", StringComparison.Ordinal), result.Describe());
        Assert.Contains("made drwxr-xr-x /var/lib/nginx", text);
        Assert.Contains("ExecStart=/usr/bin/nginx ", text);
        Assert.Contains("ConditionFileIsExecutable=/usr/bin/nginx", text);
        Assert.Contains("Upholds=nginx.service", text);
        Assert.Contains("nginx version: nginx/1.26", text); // trixie's, not this bookworm host's
        Assert.True(text.Contains("t_rc=0\n", StringComparison.Ordinal) && text.Contains("test is successful", StringComparison.Ordinal), result.Describe());
        Assert.True(text.Contains("root curl_rc=0 page=" + Page.TrimEnd(), StringComparison.Ordinal), result.Describe());
        Assert.True(text.Contains("nobody curl_rc=0 page=" + Page.TrimEnd(), StringComparison.Ordinal), result.Describe());
    }
}
