using Flix.Install.Sandbox;

namespace Flix.Install.Tests;

/// <summary>
/// The test assembly's entry point, for tests that must run the sandbox as another user:
/// <c>sandbox-run ROOTFS COMMAND...</c> runs the commands in order, output on standard output; exit code 0, the failed
/// command's exit code, or 70 with the message of a setup failure on standard error.
/// </summary>
internal static class Program
{
    public const int SetupFailed = 70;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3 || args[0] != "sandbox-run")
        {
            await Console.Error.WriteLineAsync("usage: sandbox-run ROOTFS COMMAND...");
            return 2;
        }

        try
        {
            var runner = new SandboxRunner(new SandboxOptions { Rootfs = args[1], Output = Console.Out });
            var result = await runner.RunAsync(args[2..]);
            Console.WriteLine($"foreign-owners={result.ForeignOwners.Count}");
            return 0;
        }
        catch (SandboxCommandException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (SandboxException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return SetupFailed;
        }
    }
}
