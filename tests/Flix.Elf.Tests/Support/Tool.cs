using System.Diagnostics;

namespace Flix.Elf.Tests.Support;

/// <summary>Runs the oracles (readelf, patchelf, strip, qemu, mmdebstrap, musl-gcc) and checks that they are installed.</summary>
public static class Tool
{
    /// <summary>Fails (never skips) when <paramref name="program"/> is missing, naming its Debian package.</summary>
    public static void Require(string program, string package)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
        Assert.True(found, $"{program} is missing: install the Debian package {package} (tools/install-deps.sh does).");
    }

    /// <summary>Fails unless the tests run as root (mmdebstrap, chroot and mount namespaces need it).</summary>
    public static void RequireRoot() =>
        Assert.True(Environment.UserName == "root", "This test builds root file systems and mount namespaces: run the tests as root.");

    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = await StartAsync(start);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return new ProcessResult($"{program} {string.Join(' ', start.ArgumentList.Take(6))}", process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts the process, retrying while exec fails with ETXTBSY: a file just written here (a patched program) can still
    /// be open for writing in a child that another test forked but has not yet exec'd.
    /// </summary>
    private static async Task<Process> StartAsync(ProcessStartInfo start)
    {
        const int TextFileBusy = 26;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
            }
            catch (System.ComponentModel.Win32Exception exception) when (exception.NativeErrorCode == TextFileBusy && attempt < 50)
            {
                await Task.Delay(20);
            }
        }
    }

    public static ProcessResult Run(string program, params string[] arguments) =>
        RunAsync(program, arguments).GetAwaiter().GetResult();

    /// <summary>Runs a shell script in a private mount namespace: its mounts vanish with it. $1… are <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> InNamespaceAsync(string script, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync("unshare", ["--mount", "--propagation", "private", "sh", "-c", script, "flix-elf-test", .. arguments], timeout);
}
