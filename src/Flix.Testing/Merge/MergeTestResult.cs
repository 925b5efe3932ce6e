using Flix.Testing.Host;

namespace Flix.Testing.Merge;

/// <summary>What a real merge of the extensions (and the command after it) gave.</summary>
public sealed record MergeTestResult
{
    /// <summary>The images, in the order given, with the names they were merged under.</summary>
    public required IReadOnlyList<TestImage> Images { get; init; }

    public required string OsRelease { get; init; }

    /// <summary>Merged extension names per hierarchy (/usr, /opt), as systemd-sysext status reports them.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Hierarchies { get; init; }

    public required IReadOnlyList<RefusedImage> Refused { get; init; }

    /// <summary>systemd-sysext refresh's exit code (0 even when it refuses an image, as of systemd 252).</summary>
    public required int MergeExitCode { get; init; }

    /// <summary>Why the merge as a whole failed (the last lines of systemd-sysext's log or of the setup), or null.</summary>
    public string? MergeError { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The command's exit code, or null when it did not run (no command, or an image was not merged).</summary>
    public int? CommandExitCode { get; init; }

    /// <summary>The end of the command's output when it was captured.</summary>
    public string? CommandOutput { get; init; }

    public string? CommandError { get; init; }

    /// <summary>The loop devices systemd-sysext attached for the images (all detached again unless listed in <see cref="LeftBehind"/>).</summary>
    public required IReadOnlyList<LoopDevice> LoopDevices { get; init; }

    /// <summary>Loop devices still attached, or mount points still on the host, after the namespaces ended.</summary>
    public required IReadOnlyList<string> LeftBehind { get; init; }

    public bool AllMerged => Refused.Count == 0 && MergeError is null;

    public bool Success => AllMerged && CommandExitCode is null or 0 && LeftBehind.Count == 0;
}
