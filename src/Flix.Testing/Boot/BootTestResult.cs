using Flix.Testing.Merge;

namespace Flix.Testing.Boot;

/// <summary>What booting a systemd with the extensions merged by systemd-sysext.service showed.</summary>
public sealed record BootTestResult
{
    public required IReadOnlyList<TestImage> Images { get; init; }

    /// <summary>The container's machine name, also the name of its cgroup (gone after the test).</summary>
    public required string Machine { get; init; }

    /// <summary>The root booted: a folder, a pulled image, or the cached Debian root.</summary>
    public required string BootRoot { get; init; }

    public required string OsRelease { get; init; }

    /// <summary>Seconds from starting nspawn until the boot settled (or the limit).</summary>
    public required double BootSeconds { get; init; }

    /// <summary>systemctl is-system-running after the boot: running, degraded, starting (timed out)…</summary>
    public required string SystemState { get; init; }

    public required bool MultiUserReached { get; init; }

    /// <summary>The extensions merged into /usr and /opt in the container.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Hierarchies { get; init; }

    public required IReadOnlyList<RefusedImage> Refused { get; init; }

    public required IReadOnlyList<UnitCheck> Units { get; init; }

    public required IReadOnlyList<FailedUnit> FailedUnits { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The command's exit code in the container, or null when it did not run or was killed.</summary>
    public int? CommandExitCode { get; init; }

    /// <summary>Whether the command was killed at its time limit.</summary>
    public bool CommandTimedOut { get; init; }

    /// <summary>The end of the command's output when it was captured.</summary>
    public string? CommandOutput { get; init; }

    public string? CommandError { get; init; }

    /// <summary>Why the container could not be booted or queried, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The end of the console output when the boot failed.</summary>
    public string? Console { get; init; }

    /// <summary>Whether the container stopped on SIGRTMIN+4 (else its cgroup was killed).</summary>
    public required bool CleanShutdown { get; init; }

    /// <summary>Cgroups, loop devices or mounts still there after the container stopped.</summary>
    public required IReadOnlyList<string> LeftBehind { get; init; }

    public bool Success =>
        Error is null && MultiUserReached && Refused.Count == 0 && Units.All(u => u.Ok)
        && !FailedUnits.Any(u => u.Shipped) && LeftBehind.Count == 0 && (Command.Count == 0 || CommandExitCode == 0);
}
