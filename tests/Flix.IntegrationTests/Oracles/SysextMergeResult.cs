namespace Flix.IntegrationTests.Oracles;

/// <summary>What a real <c>systemd-sysext merge</c> in a private namespace did, step by step.</summary>
public sealed record SysextMergeResult
{
    public required int MergeExitCode { get; init; }

    public required string MergeOutput { get; init; }

    /// <summary>systemd-sysext's log (run with SYSTEMD_LOG_LEVEL=debug, so it says why an image is ignored).</summary>
    public required string MergeLog { get; init; }

    public required string StatusJson { get; init; }

    /// <summary>Extension names merged per hierarchy, from <c>status --json=short</c>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> MergedExtensions { get; init; }

    public required int ProgramExitCode { get; init; }

    public required string ProgramOutput { get; init; }

    public required string ProgramError { get; init; }

    public IReadOnlyList<string> ExtensionsOn(string hierarchy) =>
        MergedExtensions.TryGetValue(hierarchy, out var names) ? names : [];

    public string Describe() =>
        $"merge exit {MergeExitCode}; status {StatusJson.Trim()}; program exit {ProgramExitCode}{Environment.NewLine}" +
        $"program stdout: {ProgramOutput}{Environment.NewLine}program stderr: {ProgramError}{Environment.NewLine}" +
        $"merge stdout: {MergeOutput}{Environment.NewLine}merge log (last lines):{Environment.NewLine}" +
        string.Join(Environment.NewLine, MergeLog.Split('\n').TakeLast(25));
}
