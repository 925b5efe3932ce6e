namespace Flix.Testing.Merge;

/// <summary>What <see cref="SysextMergeTester"/> merges and runs.</summary>
public sealed record MergeTestOptions
{
    /// <summary>Image files (.raw) or directory extensions.</summary>
    public required IReadOnlyList<string> Images { get; init; }

    public OsReleaseChoice OsRelease { get; init; } = OsReleaseChoice.Host;

    /// <summary>The command to run once merged (program and arguments); empty to only merge.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Capture the command's output (for --json) instead of sharing this process's terminal.</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>How long the merge and the command may take together.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
}
