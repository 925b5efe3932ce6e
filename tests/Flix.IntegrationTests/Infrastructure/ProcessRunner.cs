using System.Diagnostics;
using System.Text;

namespace Flix.IntegrationTests.Infrastructure;

/// <summary>Runs external programs with an argument list (never a shell string) and a time limit.</summary>
public static class ProcessRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The default limit for one tool run; generous for a loaded two-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Dates in tool listings are compared in UTC, and messages in English.
        startInfo.Environment["TZ"] = "UTC";
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        string commandLine = fileName + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start `{commandLine}`: {e.Message}.", e);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"`{commandLine}` did not finish within {timeout ?? DefaultTimeout}.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessResult> RunAsync(string fileName, params string[] arguments) =>
        RunAsync(fileName, arguments, workingDirectory: null);

    /// <summary>Runs and throws with both outputs when the exit code is not 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(string fileName, params string[] arguments) =>
        (await RunAsync(fileName, arguments, workingDirectory: null)).EnsureSuccess();

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
