namespace Flix.Testing.Tests;

/// <summary>What a test run could leave on the host, read from the host itself.</summary>
internal sealed record HostState
{
    /// <summary>Host mounts that a merge or boot would make: extension folders, sysext overlays, work folders.</summary>
    public required IReadOnlyList<string> Mounts { get; init; }

    public required IReadOnlyList<string> WorkFolders { get; init; }

    public static HostState Read() => new()
    {
        Mounts = [.. File.ReadLines("/proc/self/mountinfo").Where(line =>
            line.Contains("extensions", StringComparison.Ordinal) || line.Contains("sysext", StringComparison.Ordinal)
            || line.Contains("flix-merge-", StringComparison.Ordinal) || line.Contains("flix-boot-", StringComparison.Ordinal))],
        WorkFolders = [.. Directory.EnumerateDirectories(Path.GetTempPath()).Where(folder =>
            Path.GetFileName(folder).StartsWith("flix-merge-", StringComparison.Ordinal) || Path.GetFileName(folder).StartsWith("flix-boot-", StringComparison.Ordinal))],
    };

    /// <summary>Processes whose command line holds <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> ProcessesWith(string marker) =>
        [.. Directory.EnumerateDirectories("/proc").Where(folder => int.TryParse(Path.GetFileName(folder), out _)).Select(folder =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }).Where(command => command.Contains(marker, StringComparison.Ordinal))];

    /// <summary>Whether the loop device NAME (e.g. loop3) is attached with the disk sequence number <paramref name="sequence"/>.</summary>
    public static bool LoopAttached(string name, string sequence)
    {
        string folder = Path.Combine("/sys/block", name);
        if (!Directory.Exists(Path.Combine(folder, "loop")))
        {
            return false;
        }

        string diskseq = Path.Combine(folder, "diskseq");
        return !File.Exists(diskseq) || File.ReadAllText(diskseq).Trim() == sequence;
    }
}
