using System.Diagnostics;
using System.Text;
using Flix.Core;

namespace Flix.Testing.Host;

/// <summary>
/// Runs the host's own programs (util-linux, systemd) that a real merge or boot needs: found on PATH or in the
/// sbin folders, with a time limit, and killed with their children when cancelled or out of time.
/// </summary>
public static class HostProcess
{
    private static readonly string[] SystemFolders = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>The full path of <paramref name="name"/>, or a <see cref="FlixException"/> naming the package that ships it.</summary>
    public static string Require(string name, string package)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SystemFolders);
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
            ?? throw new FlixException($"{name} was not found; flix test needs it: install the package {package} (Debian: apt-get install {package}).");
    }

    /// <summary>Runs <paramref name="program"/>; with <paramref name="capture"/> false it shares this process's standard streams.</summary>
    public static async Task<HostProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        bool capture = true,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = capture,
            RedirectStandardError = capture,
            RedirectStandardInput = capture,
        };
        if (capture)
        {
            start.StandardOutputEncoding = Encoding.UTF8;
            start.StandardErrorEncoding = Encoding.UTF8;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new FlixException($"Cannot start '{program}'.");
        Task<string> output = Task.FromResult(string.Empty);
        Task<string> error = Task.FromResult(string.Empty);
        if (capture)
        {
            process.StandardInput.Close();
            output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } time)
        {
            limit.CancelAfter(time);
        }

        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        return new HostProcessResult(timedOut ? -1 : process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false), timedOut);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }
}
