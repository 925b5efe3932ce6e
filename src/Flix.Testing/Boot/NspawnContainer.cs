using System.Diagnostics;
using Flix.Core;
using Flix.Core.Interop;
using Flix.Testing.Host;

namespace Flix.Testing.Boot;

/// <summary>
/// A systemd booting as PID 1 of a systemd-nspawn container (--boot --volatile=overlay: the root stays untouched,
/// writes go to a tmpfs), started in a cgroup of its own, not registered with machined, without network. It is
/// queried through nsenter with the container's own systemctl and journalctl, and stopped the way its systemd
/// expects: SIGRTMIN+4 (poweroff) to its PID 1; only when that fails is the whole cgroup killed.
/// </summary>
internal sealed class NspawnContainer
{
    /// <summary>The launcher joins the cgroups given as arguments, sends its output to the log, then becomes nspawn.</summary>
    private const string Launcher = """
        log=$1 count=$2
        shift 2
        i=0
        while [ "$i" -lt "$count" ]; do echo $$ > "$1/cgroup.procs" || exit 91; shift; i=$((i + 1)); done
        exec > "$log" 2>&1 < /dev/null
        exec "$@"
        """;

    private const int PowerOffOffset = 4;

    private readonly Process _nspawn;
    private readonly ContainerCgroup _cgroup;
    private readonly string _nsenter;

    private NspawnContainer(Process nspawn, ContainerCgroup cgroup, string nsenter, string consoleLog)
    {
        _nspawn = nspawn;
        _cgroup = cgroup;
        _nsenter = nsenter;
        ConsoleLog = consoleLog;
    }

    /// <summary>The container's console output (nspawn's too).</summary>
    public string ConsoleLog { get; }

    /// <summary>The host pid of the container's PID 1, once found.</summary>
    public int InitPid { get; private set; }

    public bool HasExited => _nspawn.HasExited;

    public static NspawnContainer Start(string root, string machine, IReadOnlyList<string> binds, ContainerCgroup cgroup, string consoleLog)
    {
        string nspawn = HostProcess.Require("systemd-nspawn", "systemd-container");
        string nsenter = HostProcess.Require("nsenter", "util-linux");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", Launcher, "flix-boot", consoleLog, cgroup.Folders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var folder in cgroup.Folders)
        {
            start.ArgumentList.Add(folder);
        }

        foreach (var argument in (string[])[nspawn, "--quiet", "--directory", root, "--boot", "--register=no", "--keep-unit", "--volatile=overlay", "--private-network", "--machine", machine, "--console=pipe", .. binds])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new FlixException("Cannot start systemd-nspawn.");
        return new NspawnContainer(process, cgroup, nsenter, consoleLog);
    }

    /// <summary>Waits for the container's PID 1: the process in the cgroup whose innermost pid is 1 (nspawn's first child may be a helper).</summary>
    public async Task<bool> FindInitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !_nspawn.HasExited)
        {
            foreach (int pid in _cgroup.Processes())
            {
                // Until it execs systemd, PID 1 is still nspawn's child setting the container up.
                if (InnermostPid(pid) == 1 && IsSystemd(pid))
                {
                    InitPid = pid;
                    return true;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Runs a program inside the container (all its namespaces), e.g. systemctl.</summary>
    public Task<HostProcessResult> ExecAsync(IEnumerable<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (program, arguments) = EnterCommand(command);
        return HostProcess.RunAsync(program, arguments, timeout: timeout, cancellationToken: cancellationToken);
    }

    /// <summary>The host command line that runs <paramref name="command"/> inside the container.</summary>
    public (string Program, IReadOnlyList<string> Arguments) EnterCommand(IEnumerable<string> command) =>
        (_nsenter, ["--target", InitPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--all", .. command]);

    /// <summary>
    /// Powers the container off (SIGRTMIN+4 to its PID 1) and waits for nspawn to end; kills the whole cgroup when
    /// it does not within <paramref name="limit"/>. Returns whether the clean shutdown worked.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        if (_nspawn.HasExited)
        {
            return true;
        }

        if (InitPid > 0)
        {
            Libc.Kill(InitPid, Libc.CurrentSigRtMin() + PowerOffOffset);
            using var wait = new CancellationTokenSource(limit);
            try
            {
                await _nspawn.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                // Fall through to the kill.
            }
        }

        _cgroup.KillAll();
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _nspawn.WaitForExitAsync(last.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _nspawn.Kill();
        }

        return false;
    }

    private static bool IsSystemd(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "systemd";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The last pid of NSpid in /proc/PID/status: the pid in the innermost namespace.</summary>
    private static int InnermostPid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("NSpid:", StringComparison.Ordinal))
                {
                    var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                    return int.TryParse(fields[^1], out int inner) ? inner : 0;
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }

        return 0;
    }
}
