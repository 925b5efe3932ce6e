using System.Globalization;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// Runs the flix program as a user would, under GNU time (peak memory, wall time) and strace (every path it changes),
/// with a temp folder of its own (TMPDIR) so that anything it leaves behind is seen, and a home folder it must not write.
/// </summary>
public sealed class TracedRun
{
    /// <summary>What one run did.</summary>
    public sealed record Outcome(
        int ExitCode, string Output, string Error, IReadOnlyList<(string Call, string Path)> Writes,
        long PeakKilobytes, TimeSpan Elapsed, IReadOnlyList<string> LeftInTemp)
    {
        public string Describe() =>
            $"exit {ExitCode}, {PeakKilobytes} KiB peak, {Elapsed.TotalSeconds:0.0} s\n--- stderr\n{Error}\n--- stdout\n{Output}";
    }

    /// <summary>The environment variable naming another flix executable to run the corpus against (an older build, say).</summary>
    public const string CliVariable = "FLIX_HOSTILE_CLI";

    /// <summary>The flix executable built next to this test assembly, unless <see cref="CliVariable"/> names another.</summary>
    public static string Flix => Environment.GetEnvironmentVariable(CliVariable) is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, "flix");

    /// <summary>Runs flix with <paramref name="arguments"/>, everything it may write confined to <paramref name="work"/>.</summary>
    public static async Task<Outcome> RunAsync(TempDirectory work, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        HostTools.Require("strace");
        HostTools.Require("time");
        string temp = work.CreateSubdirectory("tmp");
        string home = work.CreateSubdirectory("home");
        string logs = work.CreateSubdirectory("strace");
        string timing = work.Combine("time.txt");
        var environment = new Dictionary<string, string>
        {
            ["TMPDIR"] = temp,
            ["HOME"] = home,
            ["DOTNET_EnableDiagnostics"] = "0", // no diagnostics socket in the temp folder
            ["SOURCE_DATE_EPOCH"] = "0",
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // env unsets what would point flix at the test host's own cache or debug output; it execs time, which is measured.
        var result = await ProcessRunner.RunAsync(
            "env",
            ["-u", "XDG_CACHE_HOME", "-u", "FLIX_DEBUG", "/usr/bin/time", "-f", "%M", "-o", timing, "strace", "-ff", "-qq", "-y", "-s", "4096", "--seccomp-bpf", "-e", "trace=" + StraceLog.TracedCalls,
             "-o", Path.Combine(logs, "log"), "--", Flix, .. arguments],
            workingDirectory: "/", environment: environment, timeout: timeout ?? TimeSpan.FromMinutes(3));
        clock.Stop();
        long peak = long.Parse(File.ReadAllLines(timing)[^1].Trim(), CultureInfo.InvariantCulture);
        var left = Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName).OfType<string>().ToList();
        return new Outcome(result.ExitCode, result.StandardOutput, result.StandardError, StraceLog.Writes(Path.Combine(logs, "log")), peak, clock.Elapsed, left);
    }
}
