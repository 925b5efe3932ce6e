namespace Flix.Testing.Boot;

/// <summary>The journal line of a unit that says why it failed, rather than that it did.</summary>
public static class JournalReason
{
    /// <summary>Lines systemd writes about any failure; the reason is in another line.</summary>
    private static readonly string[] Consequences =
    [
        "Failed with result", "Main process exited", "Start request repeated", "Scheduled restart", "Consumed ", "Deactivated",
        "Unit entered failed state", "Control process exited", "Unit needs to be started", "Will retry later",
    ];

    /// <summary>The first "UNIT: …" line that is no mere consequence, else the last line; null for no lines.</summary>
    public static string? Pick(string unit, IReadOnlyList<string> journal)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(journal);
        return journal.FirstOrDefault(line => line.StartsWith(unit + ": ", StringComparison.Ordinal) && !Consequences.Any(c => line.Contains(c, StringComparison.Ordinal)))
            ?? journal.LastOrDefault();
    }
}
