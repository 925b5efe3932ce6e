using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// Merges an extension with the host's real systemd-sysext inside private mount and pid namespaces (root made
/// rshared, a fresh tmpfs on /run: the TESTING.md recipe), puts "host" markers on tmpfs mounts over /etc/opt,
/// /var/local and /home and writable tmpfs mounts over /var/log and /var/lib, all visible in the namespace only,
/// then runs a test script. Every process the script started dies with the pid namespace.
/// </summary>
public static class MergedRun
{
    private const string Prologue = """
        image="$1"; name="$2"; rundir="$3"; shift 3
        mount --make-rshared / || exit 10
        mount -t tmpfs tmpfs /run || exit 11
        mkdir -p /run/extensions && cp "$image" "/run/extensions/$name.raw" || exit 12
        systemd-sysext merge >&2 || exit 13
        for d in /etc/opt /var/local /home; do
          mount -t tmpfs -o mode=0755 tmpfs "$d" && echo host > "$d/flix-marker" || exit 14
        done
        mount -t tmpfs -o mode=1777 tmpfs /var/log && mkdir -m 1777 /var/log/nginx || exit 15
        mount -t tmpfs -o mode=1777 tmpfs /var/lib && mkdir -m 1777 /var/lib/nginx || exit 15
        cd "$rundir" || exit 16
        # as MODE: root, or nobody with bwrap, or nobody with NOBWRAP=1 (unshare in a user namespace)
        as() {
          case $1 in
            root) run="env -u NOBWRAP" ;;
            bwrap) run="setpriv --reuid=65534 --regid=65534 --clear-groups env -u NOBWRAP" ;;
            nobwrap) run="setpriv --reuid=65534 --regid=65534 --clear-groups env NOBWRAP=1" ;;
          esac
        }

        """;

    /// <summary>
    /// Runs <paramref name="script"/> after the merge of <paramref name="image"/> as <paramref name="name"/>, in
    /// <paramref name="runDirectory"/>; <paramref name="arguments"/> are its "$@".
    /// </summary>
    public static Task<ProcessResult> RunAsync(string image, string name, string runDirectory, string script, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c", Prologue + script, "flix-it", image, name, runDirectory, .. arguments],
            timeout: TimeSpan.FromMinutes(3));
}
