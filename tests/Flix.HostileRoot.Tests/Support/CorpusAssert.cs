namespace Flix.HostileRoot.Tests.Support;

/// <summary>The checks every corpus case gets, whatever its input.</summary>
public static class CorpusAssert
{
    /// <summary>Peak memory allowed to one flix run on a corpus root (KiB).</summary>
    public const long MaxKilobytes = 768 * 1024;

    /// <summary>Wall time allowed to one flix run on a corpus root, strace included.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(60);

    /// <summary>Prefixes every line flix prints on stderr may start with: nothing spills over several lines.</summary>
    private static readonly string[] LinePrefixes = ["flix: error: ", "warning: ", "error[FLX", "warning[FLX", "note[FLX"];

    /// <summary>/proc/PID/task/TID/comm: the runtime naming its threads, which changes no file.</summary>
    private static bool IsThreadName(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) && path.EndsWith("/comm", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal);

    /// <summary>
    /// The outcome matches <paramref name="expected"/>; no internal error or stack trace; every changed path lies in
    /// one of <paramref name="writable"/>; the temp folder is left empty; memory and time stay within the bounds.
    /// </summary>
    public static void Check(string label, TracedRun.Outcome outcome, Expectation expected, params string[] writable)
    {
        string what = $"{label}: {outcome.Describe()}";
        Assert.DoesNotContain("internal error", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Error, StringComparison.Ordinal);
        var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.All(line => LinePrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal))),
            $"stderr has a line that is not a whole message: {what}");
        if (expected.Clean)
        {
            Assert.True(outcome.ExitCode == 0, $"expected a clean build: {what}");
        }
        else
        {
            Assert.True(outcome.ExitCode == 1, $"expected exit code 1: {what}");
            Assert.Single(lines, line => line.StartsWith("flix: error: ", StringComparison.Ordinal));
            foreach (var mention in expected.Mentions)
            {
                Assert.True(outcome.Error.Contains(mention, StringComparison.Ordinal), $"the error does not mention '{mention}': {what}");
            }
        }

        var outside = outcome.Writes
            .Where(write => !writable.Any(folder => write.Path == folder || write.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
            .Where(write => write.Path is not ("/dev/null" or "/dev/tty") && !IsThreadName(write.Path))
            .Select(write => $"{write.Call} {write.Path}")
            .Distinct()
            .ToList();
        Assert.True(outside.Count == 0, $"{label}: flix changed paths outside {string.Join(", ", writable)}:\n{string.Join('\n', outside.Take(20))}");
        Assert.True(outcome.LeftInTemp.Count == 0, $"{label}: left in the temp folder: {string.Join(", ", outcome.LeftInTemp)}");
        Assert.True(outcome.PeakKilobytes < MaxKilobytes, $"{label}: peak memory {outcome.PeakKilobytes} KiB");
        Assert.True(outcome.Elapsed < MaxTime, $"{label}: took {outcome.Elapsed}");
    }

    /// <summary>Each file <paramref name="expected"/> names has exactly its text in the extension folder <paramref name="extension"/>.</summary>
    public static void CheckFiles(string label, Expectation expected, string extension)
    {
        foreach (var (path, text) in expected.Files ?? new Dictionary<string, string>())
        {
            string file = Path.Combine(extension, path.TrimStart('/'));
            Assert.True(File.Exists(file), $"{label}: the extension has no file {path}");
            Assert.True(new FileInfo(file).LinkTarget is null, $"{label}: {path} is a link, not a rewritten file");
            Assert.Equal(text, File.ReadAllText(file));
        }
    }
}
