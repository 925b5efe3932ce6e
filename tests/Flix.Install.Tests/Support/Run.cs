using System.Diagnostics;

namespace Flix.Install.Tests.Support;

/// <summary>Runs a program with an argument list (never a shell string) and a time limit.</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{Output}\n{Error}");
    }

    public static async Task<Result> ProgramAsync(
        string program, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The full path of <paramref name="program"/>; a missing one fails naming its Debian package.</summary>
    public static string Require(string program, string package)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"The test needs `{program}`: apt-get install -y {package}.");
    }

    public static void RequireRoot()
    {
        if (Flix.Core.Interop.Libc.GetEUid() != 0)
        {
            throw new InvalidOperationException("These tests build Debian trees and switch users: run them as root.");
        }
    }
}
