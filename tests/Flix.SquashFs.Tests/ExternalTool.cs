using System.Diagnostics;

namespace Flix.SquashFs.Tests;

/// <summary>Runs the real tools the tests use as oracles (squashfs-tools, coreutils, attr, …); a missing tool fails the test with a clear message.</summary>
internal static class ExternalTool
{
    public static string Run(string tool, params string[] arguments) => RunIn(null, tool, arguments);

    public static string RunIn(string? workingDirectory, string tool, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = TryRunIn(workingDirectory, tool, arguments);
        if (exitCode != 0)
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {exitCode}:\n{stderr}\n{stdout}");
        }

        return stdout;
    }

    public static (int ExitCode, string Stdout, string Stderr) TryRunIn(string? workingDirectory, string tool, params string[] arguments)
    {
        string path = Require(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment["TZ"] = "UTC";
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH; fails the test when it is missing.</summary>
    public static string Require(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            if (directory.Length == 0)
            {
                continue;
            }

            string candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var directory in new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" })
        {
            string candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"The tool '{tool}' is required by this test but was not found on PATH (install squashfs-tools, attr, libcap2-bin, util-linux, diffutils).");
        return tool;
    }

    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            string uid = Run("id", "-u").Trim();
            if (uid != "0")
            {
                Assert.Fail($"This test needs root (mknod, mount, xattrs in trusted.*), but runs as uid {uid}.");
            }
        }
    }
}
