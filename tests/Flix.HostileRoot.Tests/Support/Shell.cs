using System.Diagnostics;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>Runs a program and collects its exit code and output; a program that outlives its time is killed, and fails the test.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string Describe() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{program} {string.Join(' ', arguments)} ran longer than {timeout} and was killed.");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs a program that must succeed; returns its standard output.</summary>
    public static async Task<string> CheckAsync(string program, params string[] arguments)
    {
        var result = await RunAsync(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {result.Describe()}");
        return result.Output;
    }

    /// <summary>Fails (never skips) when <paramref name="program"/> is not installed.</summary>
    public static void Require(string program, string package)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Any(folder => File.Exists(Path.Combine(folder, program)));
        Assert.True(found, $"This test needs {program}: install the Debian package {package} (tools/install-deps.sh).");
    }

    /// <summary>Fails (never skips) unless the tests run as root, which devices, namespaces and the wrappers' runs need.</summary>
    public static void RequireRoot() =>
        Assert.True(Environment.UserName == "root" || Flix.Core.Interop.Libc.GetEUid() == 0, "The hostile-root corpus makes device nodes and runs wrappers as root: run it as root.");
}
