using System.Text.RegularExpressions;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Cache;

/// <summary>
/// Runs a command that downloads (mmdebstrap, apt-get) again after a failure, waiting longer each time, and when the
/// last attempt fails too, throws a <see cref="FixtureUnavailableException"/> that names the packages and URLs that
/// failed (apt's <c>Err:</c>, <c>E: Failed to fetch</c>, 404 lines) before the tail of the output.
/// </summary>
public static partial class DownloadRetry
{
    /// <summary>How many times a download is tried.</summary>
    public const int Attempts = 3;

    /// <summary>The wait before the second attempt; each later wait is three times the one before.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="attempt"/> (given the attempt number from 1) until it exits 0, at most <see cref="Attempts"/>
    /// times; <paramref name="what"/> names the fixture in the error.
    /// </summary>
    public static Task<ProcessResult> RunAsync(string what, Func<int, Task<ProcessResult>> attempt, CancellationToken ct = default) =>
        RunAsync(what, attempt, FirstDelay, ct);

    /// <inheritdoc cref="RunAsync(string, Func{int, Task{ProcessResult}}, CancellationToken)"/>
    /// <param name="firstDelay">The wait before the second attempt (the tests of the retry wait less).</param>
    public static async Task<ProcessResult> RunAsync(string what, Func<int, Task<ProcessResult>> attempt, TimeSpan firstDelay, CancellationToken ct = default)
    {
        var delay = firstDelay;
        for (int number = 1; ; number++)
        {
            var result = await attempt(number);
            if (result.ExitCode == 0)
            {
                return result;
            }

            if (number == Attempts)
            {
                throw new FixtureUnavailableException($"{what} failed {Attempts} times; the last time: {Failures(result)}{Environment.NewLine}{result.Describe()}");
            }

            await Console.Error.WriteLineAsync($"{what}: attempt {number} failed ({Failures(result)}); trying again in {delay.TotalSeconds:0} s");
            await Task.Delay(delay, ct);
            delay *= 3;
        }
    }

    /// <summary>The lines of <paramref name="result"/> that name a failed download, joined; else its last error line.</summary>
    public static string Failures(ProcessResult result)
    {
        var lines = (result.StandardError + "\n" + result.StandardOutput).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var failed = lines.Where(line => FailureLine().IsMatch(line)).Distinct(StringComparer.Ordinal).Take(12).ToList();
        return failed.Count > 0
            ? string.Join(" | ", failed)
            : lines.LastOrDefault(line => line.StartsWith("E:", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? $"exit code {result.ExitCode}";
    }

    [GeneratedRegex(@"^Err:|Failed to fetch|\b404\b|Not Found|Could not resolve|Connection failed|Hash Sum mismatch|does not have a Release file|Unable to locate package|Unable to fetch|no longer has a Release file|timed out", RegexOptions.IgnoreCase)]
    private static partial Regex FailureLine();
}
