using System.Diagnostics;

namespace Flix.TestSupport.Processes;

/// <summary>Runs a .NET assembly as the user nobody (setpriv), for code that must meet an unprivileged process's limits.</summary>
public static class NobodyProcess
{
    public const uint Uid = 65534;

    /// <summary>Runs <c>dotnet exec ASSEMBLY ARGS</c> as nobody with HOME at <paramref name="home"/>; asserts exit 0 and returns stdout.</summary>
    public static string Run(string home, string assembly, params string[] args)
    {
        var start = new ProcessStartInfo("setpriv", [$"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", "dotnet", "exec", assembly, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_HOME"] = home;
        start.Environment["HOME"] = home;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("setpriv did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), $"{Path.GetFileName(assembly)} as nobody did not finish");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr.Result}\n{stdout}");
        return stdout;
    }
}
