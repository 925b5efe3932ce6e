using System.Text.Json.Serialization;
using Flix.Testing.Boot;
using Flix.Testing.Merge;

namespace Flix.Cli.Commands;

/// <summary>The JSON printed by <c>flix test --json</c>, for a merge or a boot (the other's fields are null).</summary>
public sealed record TestReport
{
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    /// <summary>merge or boot.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("osRelease")]
    public string? OsRelease { get; init; }

    [JsonPropertyName("images")]
    public required IReadOnlyList<TestImageReport> Images { get; init; }

    /// <summary>Merged extension names per hierarchy, as systemd-sysext status reports them.</summary>
    [JsonPropertyName("hierarchies")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Hierarchies { get; init; }

    [JsonPropertyName("mergeExitCode")]
    public int? MergeExitCode { get; init; }

    [JsonPropertyName("command")]
    public IReadOnlyList<string>? Command { get; init; }

    [JsonPropertyName("commandExitCode")]
    public int? CommandExitCode { get; init; }

    [JsonPropertyName("commandOutput")]
    public string? CommandOutput { get; init; }

    [JsonPropertyName("commandError")]
    public string? CommandError { get; init; }

    /// <summary>The loop devices systemd-sysext attached (NAME and disk sequence), all detached again afterwards.</summary>
    [JsonPropertyName("loopDevices")]
    public IReadOnlyList<string>? LoopDevices { get; init; }

    /// <summary>The container's machine name, also its cgroup's name.</summary>
    [JsonPropertyName("machine")]
    public string? Machine { get; init; }

    [JsonPropertyName("bootRoot")]
    public string? BootRoot { get; init; }

    [JsonPropertyName("bootSeconds")]
    public double? BootSeconds { get; init; }

    /// <summary>systemctl is-system-running once the boot settled.</summary>
    [JsonPropertyName("systemState")]
    public string? SystemState { get; init; }

    [JsonPropertyName("multiUserReached")]
    public bool? MultiUserReached { get; init; }

    [JsonPropertyName("units")]
    public IReadOnlyList<UnitCheck>? Units { get; init; }

    [JsonPropertyName("failedUnits")]
    public IReadOnlyList<FailedUnit>? FailedUnits { get; init; }

    [JsonPropertyName("cleanShutdown")]
    public bool? CleanShutdown { get; init; }

    [JsonPropertyName("console")]
    public string? Console { get; init; }

    /// <summary>Mounts, loop devices, cgroups still there afterwards; empty when the host is as it was.</summary>
    [JsonPropertyName("leftBehind")]
    public required IReadOnlyList<string> LeftBehind { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    public static TestReport From(MergeTestResult result, string? error)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            Success = error is null,
            Mode = "merge",
            OsRelease = result.OsRelease,
            Images = TestImageReport.From(result.Images, result.Hierarchies, result.Refused),
            Hierarchies = result.Hierarchies,
            MergeExitCode = result.MergeExitCode,
            Command = result.Command.Count > 0 ? result.Command : null,
            CommandExitCode = result.CommandExitCode,
            CommandOutput = result.CommandOutput,
            CommandError = result.CommandError,
            LoopDevices = [.. result.LoopDevices.Select(loop => $"{loop.Name}#{loop.Sequence}")],
            LeftBehind = result.LeftBehind,
            Error = error,
        };
    }

    public static TestReport From(BootTestResult result, string? error)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            Success = error is null,
            Mode = "boot",
            OsRelease = result.OsRelease,
            Images = TestImageReport.From(result.Images, result.Hierarchies, result.Refused),
            Hierarchies = result.Hierarchies,
            Machine = result.Machine,
            BootRoot = result.BootRoot,
            BootSeconds = result.BootSeconds,
            SystemState = result.SystemState,
            MultiUserReached = result.MultiUserReached,
            Command = result.Command.Count > 0 ? result.Command : null,
            CommandExitCode = result.CommandExitCode,
            CommandOutput = result.CommandOutput,
            CommandError = result.CommandError,
            Units = result.Units,
            FailedUnits = result.FailedUnits,
            CleanShutdown = result.CleanShutdown,
            Console = result.Console,
            LeftBehind = result.LeftBehind,
            Error = error,
        };
    }

    public static TestReport Failed(bool boot, string error) => new()
    {
        Success = false,
        Mode = boot ? "boot" : "merge",
        Images = [],
        LeftBehind = [],
        Error = error,
    };
}
