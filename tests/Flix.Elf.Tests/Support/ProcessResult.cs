namespace Flix.Elf.Tests.Support;

/// <summary>What a finished process left: its exit code and output.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, string Error)
{
    public ProcessResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"{Command} exited with {ExitCode}: {Error}{Output}");
        return this;
    }
}
