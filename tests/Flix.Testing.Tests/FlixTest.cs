using System.Text.Json;

namespace Flix.Testing.Tests;

/// <summary>Runs <c>flix test …</c> in process, as the command line would.</summary>
internal static class FlixTest
{
    public static async Task<(int ExitCode, JsonElement Json, string Error)> JsonAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await TextAsync(["test", "--json", .. arguments]);
        using var document = JsonDocument.Parse(output);
        return (exitCode, document.RootElement.Clone(), error);
    }

    public static async Task<(int ExitCode, string Output, string Error)> TextAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Cli.Program.RunAsync(arguments, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }
}
