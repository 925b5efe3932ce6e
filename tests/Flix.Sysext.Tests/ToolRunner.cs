using System.Diagnostics;

namespace Flix.Sysext.Tests;

/// <summary>Runs shell commands for tests; a missing tool or a failure fails the test with its output.</summary>
internal static class ToolRunner
{
    public static string Run(string script)
    {
        var start = new ProcessStartInfo("sh", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{script}' failed with {process.ExitCode}: {error}");
        return output.Result;
    }

    public static void RequireTool(string name, string package)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
        Assert.True(found, $"This test needs {name}: install the package {package}.");
    }
}
