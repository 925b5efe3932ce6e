namespace Flix.Testing.Merge;

/// <summary>
/// Finds why systemd-sysext left an extension out in its debug log. systemd 252 exits 0 when it refuses an image
/// and says why only at debug level, e.g. "Extension 'NAME' is for OS 'flatcar', but deployed on top of 'debian'."
/// or "Failed to read metadata for image NAME: No medium found".
/// </summary>
public static class SysextDebugLog
{
    /// <summary>Debug lines that say what systemd-sysext is doing, not what went wrong.</summary>
    private static readonly string[] Noise =
    [
        "Opened ", "Successfully ", "Mounting ", "Checking for ", "Failed to read /etc/", "succeeded", " matches ",
        "Using extensions", "PR_SET_MM", "file of image is empty", "Bind-mounting", "Hierarchy ", "Merged extensions",
    ];

    /// <summary>The log's reasons for <paramref name="name"/>, one sentence each; empty when it names none.</summary>
    public static IReadOnlyList<string> ReasonsFor(string name, string log)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(log);
        var lines = Lines(log);
        var explicitLines = lines.Where(line =>
            line.StartsWith($"Extension '{name}' ", StringComparison.Ordinal)
            || line.Contains($"image {name}:", StringComparison.Ordinal)
            || line.Contains($"image '{name}'", StringComparison.Ordinal)).ToList();
        return explicitLines.Count > 0
            ? explicitLines
            : [.. lines.Where(line => line.Contains($"'{name}'", StringComparison.Ordinal) || line.Contains($"/{name}.raw", StringComparison.Ordinal))];
    }

    /// <summary>The last lines of the log that are not progress, for a failure no image is named in.</summary>
    public static IReadOnlyList<string> LastProblems(string log, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. Lines(log).TakeLast(count)];
    }

    private static List<string> Lines(string log) =>
        [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !Noise.Any(noise => line.Contains(noise, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)];
}
