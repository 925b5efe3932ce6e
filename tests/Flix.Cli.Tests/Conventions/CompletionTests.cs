using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Conventions;

/// <summary><c>flix completion bash|zsh|fish</c>: scripts that parse and complete the verbs and their options.</summary>
public sealed class CompletionTests
{
    [Fact]
    public async Task The_bash_script_completes_verbs_and_a_verbs_options()
    {
        HostTools.Require("bash");
        var (exitCode, script, _) = await CliRun.RunAsync(["completion", "bash"]);
        Assert.Equal(0, exitCode);
        using var temp = new Flix.TestSupport.Files.TempDirectory();
        string file = temp.Combine("flix.bash");
        await File.WriteAllTextAsync(file, script);

        // Completes as bash would at "flix ins<TAB>" and "flix pack --compr<TAB>".
        string probe = $"source '{file}'; "
            + "COMP_WORDS=(flix ins); COMP_CWORD=1; _flix; echo \"verbs: ${COMPREPLY[*]}\"; "
            + "COMP_WORDS=(flix pack --compr); COMP_CWORD=2; _flix; echo \"options: ${COMPREPLY[*]}\"; "
            + "COMP_WORDS=(flix -q test --bo); COMP_CWORD=3; _flix; echo \"test: ${COMPREPLY[*]}\"";
        var result = await ProcessRunner.RunAsync("bash", ["-c", probe]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("verbs: inspect\n", result.StandardOutput);
        Assert.Contains("options: --compression --compression-level\n", result.StandardOutput);
        Assert.Contains("test: --boot\n", result.StandardOutput);
    }

    [Theory]
    [InlineData("zsh", "bashcompinit")]
    [InlineData("fish", "complete -c flix -n '__fish_seen_subcommand_from pack' -l compression -r")]
    public async Task Zsh_and_fish_get_their_own_script(string shell, string expected)
    {
        var (exitCode, script, _) = await CliRun.RunAsync(["completion", shell]);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, script);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(["completion", "tcsh"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("tcsh", error);
    }
}
