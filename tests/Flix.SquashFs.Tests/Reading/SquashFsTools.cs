using System.Diagnostics;

namespace Flix.SquashFs.Tests.Reading;

/// <summary>Runs the real squashfs-tools (and coreutils); a missing tool fails the test with a clear message.</summary>
internal static class SquashFsTools
{
    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TZ"] = "UTC";
        start.Environment["LC_ALL"] = "C.UTF-8";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"The tests need '{tool}' (squashfs-tools 4.5 or later) on PATH: {e.Message}");
            throw;
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
            }

            return stdout;
        }
    }
}
