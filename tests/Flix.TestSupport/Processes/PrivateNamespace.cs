namespace Flix.TestSupport.Processes;

/// <summary>
/// Runs a POSIX shell script in a new mount namespace with private propagation: every mount it makes
/// (loop mounts, a tmpfs on /run, a merged /usr) disappears with the namespace and never reaches the host.
/// </summary>
public static class PrivateNamespace
{
    /// <summary>
    /// Shell function <c>read_only_host [KEEP...]</c>, for a script in a private mount namespace that runs programs as
    /// root which are not there to change anything (every program of a distribution tree with --version): every mount
    /// of the namespace but /proc and the folders KEEP (each bound onto itself first, so it stays writable) becomes
    /// read-only, there only, so nothing those programs do reaches the host's files (device nodes still work). Fails
    /// unless / did become read-only.
    /// </summary>
    public const string ReadOnlyHostFunction = """
        read_only_host() {
          for keep in "$@"; do mount --bind "$keep" "$keep" || return 1; done
          for target in $(awk '{ print $5 }' /proc/self/mountinfo | sort -u); do
            case $target in /proc|/proc/*) continue ;; esac
            skip=; for keep in "$@"; do [ "$target" = "$keep" ] && skip=1; done
            [ -n "$skip" ] || mount -o remount,bind,ro "$target" 2>/dev/null
          done
          case ",$(findmnt -no OPTIONS /)," in *,ro,*) ;; *) echo "read_only_host: / is still writable" >&2; return 1 ;; esac
        }

        """;

    /// <summary>
    /// Runs <paramref name="script"/> with <c>sh -c</c> inside <c>unshare -m --propagation private</c>;
    /// <paramref name="arguments"/> become $1, $2, … so paths never need quoting inside the script.
    /// </summary>
    public static Task<ProcessResult> RunAsync(
        string script,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "sh", "-c", script, "flix-test", .. arguments],
            environment: environment,
            timeout: timeout,
            ct: ct);
}
