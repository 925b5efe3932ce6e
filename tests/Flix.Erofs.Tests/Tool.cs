using System.Diagnostics;

namespace Flix.Erofs.Tests;

/// <summary>Runs the real tools the tests use (mkfs.erofs, fsck.erofs, setfattr); a missing or failing tool fails the test.</summary>
internal static class Tool
{
    public static string Run(string tool, params string[] arguments)
    {
        string path = Find(tool) ?? throw new InvalidOperationException($"The EROFS reader tests need `{tool}` (apt-get install -y erofs-utils attr).");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr}\n{stdout.Result}");
        }

        return stdout.Result;
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin").Split(':')
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
