using Flix.Testing.Host;
using Flix.Testing.Merge;

namespace Flix.Testing.Boot;

/// <summary>
/// The command after <c>--</c> of <c>flix test --boot IMAGE… -- CMD…</c>: run in the booted container once the
/// units are checked, as root in all its namespaces, with a clean environment (a login's PATH, HOME=/root) so that
/// nothing of the host's environment (DOCKER_HOST, LD_LIBRARY_PATH…) reaches it. Its output passes through, or is
/// captured to files whose last <see cref="SysextMergeTester.MaxCapturedOutput"/> bytes are kept.
/// </summary>
internal static class ContainerCommand
{
    private const string ContainerPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Sends the command's output to two files and closes its input (the launcher stays on the host).</summary>
    private const string Capture = """
        out=$1 err=$2
        shift 2
        exec "$@" > "$out" 2> "$err" < /dev/null
        """;

    public static async Task<(int? ExitCode, bool TimedOut, string? Output, string? Error)> RunAsync(
        NspawnContainer container, IReadOnlyList<string> command, bool capture, WorkFolder work, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var inside = new List<string> { "/usr/bin/env", "-i", "PATH=" + ContainerPath, "HOME=/root", "LANG=C.UTF-8" };
        if (Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && !capture)
        {
            inside.Add("TERM=" + term);
        }

        inside.AddRange(command);
        var (program, arguments) = container.EnterCommand(inside);
        HostProcessResult run = capture
            ? await HostProcess.RunAsync("/bin/sh", ["-c", Capture, "flix-command", work.Combine("command.out"), work.Combine("command.err"), program, .. arguments],
                capture: false, timeout: timeout, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await HostProcess.RunAsync(program, arguments, capture: false, timeout: timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (
            run.TimedOut ? null : run.ExitCode,
            run.TimedOut,
            capture ? work.ReadTail("command.out", SysextMergeTester.MaxCapturedOutput) : null,
            capture ? work.ReadTail("command.err", SysextMergeTester.MaxCapturedOutput) : null);
    }
}
