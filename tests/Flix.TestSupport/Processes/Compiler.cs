using Flix.TestSupport.Files;

namespace Flix.TestSupport.Processes;

/// <summary>Builds <c>Fixtures/hello.c</c> (copied next to every test assembly that references this library) with gcc or musl-gcc into a scratch folder.</summary>
public static class Compiler
{
    public static async Task<string> BuildAsync(TempDirectory scratch, string compiler, string name, params string[] flags)
    {
        HostTools.Require(compiler);
        string output = scratch.Combine(name);
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hello.c");
        (await ProcessRunner.RunAsync(compiler, [.. flags, "-O1", "-o", output, source])).EnsureSuccess();
        return output;
    }

    /// <summary>Runs <paramref name="program"/> with one argument; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program)
    {
        var result = await ProcessRunner.RunAsync(program, ["flix"], timeout: TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
