using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Builders;

/// <summary>
/// Runs the flix CLI as a separate process, exactly as a user would. Found, in order: the FLIX_CLI environment
/// variable (a flix.dll run with dotnet, or any executable), then flix.dll next to the test assembly (the test
/// project references src/Flix.Cli, so the build copies it there).
/// </summary>
public static class FlixCli
{
    public const string EnvironmentVariable = "FLIX_CLI";

    /// <summary>The program to start and the arguments that precede flix's own.</summary>
    public static (string Program, IReadOnlyList<string> Prefix) Locate()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (!File.Exists(configured))
            {
                throw new InvalidOperationException($"{EnvironmentVariable} names '{configured}', which does not exist.");
            }

            return configured.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? (DotnetHost(), [configured])
                : (configured, []);
        }

        string local = Path.Combine(AppContext.BaseDirectory, "flix.dll");
        if (File.Exists(local))
        {
            return (DotnetHost(), [local]);
        }

        throw new InvalidOperationException(
            $"The flix CLI was not found: no flix.dll in '{AppContext.BaseDirectory}' and {EnvironmentVariable} is not set. " +
            $"Build src/Flix.Cli (the test project references it) or set {EnvironmentVariable} to flix.dll or an executable.");
    }

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var (program, prefix) = Locate();
        return await ProcessRunner.RunAsync(program, [.. prefix, .. arguments], ct: ct);
    }

    /// <summary>Runs flix and fails with its whole output when it does not exit with 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var result = await RunAsync(arguments, ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("flix failed. " + result.Describe());
        }

        return result;
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileName(self) == "dotnet")
        {
            return self;
        }

        return HostTools.FindOnPath("dotnet")
            ?? throw new InvalidOperationException("Cannot find the dotnet host to run flix.dll: set DOTNET_HOST_PATH or put dotnet on PATH.");
    }
}
