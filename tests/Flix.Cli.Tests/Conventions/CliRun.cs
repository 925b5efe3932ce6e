using Flix.Cli;

namespace Flix.Cli.Tests.Conventions;

/// <summary>Runs flix in process with an empty environment (or the one given) and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name));
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Every verb flix has, as <c>flix --help</c> lists them.</summary>
    public static readonly string[] Verbs =
        ["pack", "inspect", "rootfs", "flatwrap", "elf", "test", "recipes", "bake", "help", "version", "completion"];
}
