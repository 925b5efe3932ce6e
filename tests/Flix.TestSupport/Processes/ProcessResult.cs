namespace Flix.TestSupport.Processes;

/// <summary>What a finished process left: its command line, exit code and both outputs (UTF-8).</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A multi-line description for assertion and exception messages.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{Tail(StandardOutput)}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{Tail(StandardError)}";

    /// <summary>Throws with the full description unless the exit code is 0.</summary>
    public ProcessResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException(Describe());

    private static string Tail(string text) => text.Length <= 8000 ? text : "…" + text[^8000..];
}
