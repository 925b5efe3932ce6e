namespace Flix.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a POSIX shell script in a new mount namespace with private propagation: every mount it makes
/// (loop mounts, a tmpfs on /run, a merged /usr) disappears with the namespace and never reaches the host.
/// </summary>
public static class PrivateNamespace
{
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
            ["--mount", "--propagation", "private", "sh", "-c", script, "flix-it", .. arguments],
            workingDirectory: null,
            environment,
            timeout,
            ct);
}
