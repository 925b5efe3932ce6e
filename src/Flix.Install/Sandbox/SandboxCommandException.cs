using Flix.Core;

namespace Flix.Install.Sandbox;

/// <summary>A command run in the sandbox failed; <see cref="ExitCode"/> is its exit code.</summary>
public sealed class SandboxCommandException : FlixException
{
    public SandboxCommandException(string command, int exitCode, string? hint = null)
        : base($"The command '{command}' failed in the image with exit code {exitCode}.{(hint is null ? string.Empty : " " + hint)}")
    {
        Command = command;
        ExitCode = exitCode;
    }

    public string Command { get; }

    public int ExitCode { get; }
}
