namespace Flix.Testing.Host;

/// <summary>An attached loop device, told apart from a later reuse of the same node by its disk sequence number.</summary>
public readonly record struct LoopDevice(string Name, string Sequence)
{
    private const string SysBlock = "/sys/block";

    /// <summary>Parses the lines "loopN SEQ" a merge script records.</summary>
    public static IReadOnlyList<LoopDevice> ParseList(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts[0].StartsWith("loop", StringComparison.Ordinal))
            .Select(parts => new LoopDevice(parts[0], parts.Length > 1 ? parts[1] : string.Empty))];

    /// <summary>The loop devices attached now.</summary>
    public static IReadOnlyList<LoopDevice> Attached()
    {
        if (!Directory.Exists(SysBlock))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(SysBlock, "loop*")
            .Where(folder => Directory.Exists(Path.Combine(folder, "loop")))
            .Select(folder => new LoopDevice(Path.GetFileName(folder), ReadSequence(folder)))];
    }

    /// <summary>Whether this device is still attached with the same backing (not detached, not reused).</summary>
    public bool IsStillAttached()
    {
        string folder = Path.Combine(SysBlock, Name);
        return Directory.Exists(Path.Combine(folder, "loop")) && ReadSequence(folder) == Sequence;
    }

    /// <summary>
    /// Waits until every one of <paramref name="devices"/> is detached (the kernel frees a loop device shortly after
    /// the last mount of it goes away with its namespace); returns those still attached after <paramref name="limit"/>.
    /// </summary>
    public static async Task<IReadOnlyList<LoopDevice>> WaitDetachedAsync(IReadOnlyList<LoopDevice> devices, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var left = devices.Where(device => device.IsStillAttached()).ToList();
            if (left.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return left;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ReadSequence(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, "diskseq")).Trim();
        }
        catch (IOException)
        {
            return string.Empty; // kernels before 5.15 have no disk sequence numbers
        }
    }
}
