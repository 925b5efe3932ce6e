namespace Flix.IntegrationTests.Infrastructure;

/// <summary>What a finished process left: its exit code and both output streams (UTF-8).</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A multi-line description for assertion messages.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{Tail(StandardOutput)}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{Tail(StandardError)}";

    /// <summary>Throws with the full description unless the exit code is 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(Describe());
        }

        return this;
    }

    private static string Tail(string text) => text.Length <= 8000 ? text : "…" + text[^8000..];
}
