namespace Flix.Oci.Tests.Fixtures;

/// <summary>What a finished tool run left: its command line, exit code and both outputs (UTF-8).</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>A multi-line description for assertion and exception messages.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{Tail(StandardOutput)}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{Tail(StandardError)}";

    /// <summary>Throws with the full description unless the exit code is 0.</summary>
    public ToolResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException(Describe());

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
