using System.Diagnostics;
using System.Text;

namespace Flix.TestSupport.Processes;

/// <summary>
/// Runs external programs for the tests and fixtures with an argument list (never a shell string), a time limit, UTC
/// and a C.UTF-8 locale. A program that is not installed fails with the Debian package that provides it
/// (<see cref="HostTools.Require"/>); the standard input is empty unless a file is fed.
/// </summary>
public static class ProcessRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The default limit for one tool run; generous for a loaded two-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="program"/> and returns its result whatever the exit code.</summary>
    /// <param name="standardInputFile">A file fed to the standard input.</param>
    /// <param name="standardOutputFile">A file that receives the standard output (then not kept in the result).</param>
    public static async Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? standardInputFile = null,
        string? standardOutputFile = null,
        CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(program.Contains('/', StringComparison.Ordinal) ? program : HostTools.Require(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = standardOutputFile is null ? Utf8 : null,
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
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        string commandLine = program + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));
        using var process = await StartAsync(startInfo, commandLine);
        Task feed = standardInputFile is null ? CloseInput(process) : FeedAsync(process, standardInputFile, ct);
        var stdout = standardOutputFile is null
            ? process.StandardOutput.ReadToEndAsync(ct)
            : DrainToFileAsync(process.StandardOutput.BaseStream, standardOutputFile, ct);
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
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout ?? DefaultTimeout}.");
        }

        await feed;
        return new ProcessResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessResult> RunAsync(string program, params string[] arguments) => RunAsync(program, arguments, workingDirectory: null);

    /// <summary>Runs and throws with both outputs when the exit code is not 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(string program, IEnumerable<string> arguments, CancellationToken ct = default) =>
        (await RunAsync(program, arguments, ct: ct)).EnsureSuccess();

    /// <inheritdoc cref="RunCheckedAsync(string, IEnumerable{string}, CancellationToken)"/>
    public static Task<ProcessResult> RunCheckedAsync(string program, params string[] arguments) => RunCheckedAsync(program, arguments, CancellationToken.None);

    /// <summary>Runs synchronously, for tests that are not async; the result whatever the exit code.</summary>
    public static ProcessResult Run(string program, params string[] arguments) =>
        RunAsync(program, arguments, workingDirectory: null).GetAwaiter().GetResult();

    /// <summary>Runs synchronously in <paramref name="workingDirectory"/> and returns the standard output; throws unless the exit code is 0.</summary>
    public static string Output(string? workingDirectory, string program, params string[] arguments) =>
        RunAsync(program, arguments, workingDirectory).GetAwaiter().GetResult().EnsureSuccess().StandardOutput;

    /// <summary>Runs <c>sh -c SCRIPT</c> synchronously and returns its standard output; throws unless it exits 0.</summary>
    public static string Shell(string script) => Output(null, "sh", "-c", script);

    /// <summary>Runs <c>sh -c SCRIPT sh ARGUMENTS...</c> synchronously (the arguments are $1…); its standard output, or throws unless it exits 0.</summary>
    public static string Shell(string script, params string[] arguments) => Output(null, "sh", ["-c", script, "sh", .. arguments]);

    /// <summary>
    /// Starts the process, retrying while exec fails with ETXTBSY: a file just written here (a patched program) can still
    /// be open for writing in a child that another test forked but has not yet exec'd.
    /// </summary>
    private static async Task<Process> StartAsync(ProcessStartInfo start, string commandLine)
    {
        const int TextFileBusy = 26;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return Process.Start(start) ?? throw new InvalidOperationException($"Cannot start `{commandLine}`.");
            }
            catch (System.ComponentModel.Win32Exception exception) when (exception.NativeErrorCode == TextFileBusy && attempt < 50)
            {
                await Task.Delay(20);
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                throw new InvalidOperationException($"Cannot start `{commandLine}`: {exception.Message}.", exception);
            }
        }
    }

    private static Task CloseInput(Process process)
    {
        process.StandardInput.Close();
        return Task.CompletedTask;
    }

    private static async Task FeedAsync(Process process, string file, CancellationToken ct)
    {
        await using (var input = File.OpenRead(file))
        {
            try
            {
                await input.CopyToAsync(process.StandardInput.BaseStream, ct);
            }
            catch (IOException)
            {
                // The program exited early; its exit code tells why.
            }
        }

        process.StandardInput.Close();
    }

    private static async Task<string> DrainToFileAsync(Stream source, string file, CancellationToken ct)
    {
        await using var output = File.Create(file);
        await source.CopyToAsync(output, ct);
        return string.Empty;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
