using System.Diagnostics;
using Flix.Sysext.Units;

namespace Flix.Sysext.Tests.Units;

/// <summary>
/// systemd itself as the oracle: for each command line, a program is created at the path the parser reads, and
/// <c>systemd-analyze verify</c> (which checks that the first command of ExecStart= exists) must find it there.
/// </summary>
public sealed class SystemdAnalyzeOracleTests
{
    [Theory]
    [InlineData("DIR/plain")]
    [InlineData("\"DIR/with space\" arg")]
    [InlineData("DIR/with\\x20escape")]
    [InlineData("DIR/per%%cent")]
    [InlineData("@:DIR/prefixed argv0")]
    [InlineData("'DIR/single'\"quoted\"")]
    [InlineData("DIR/octal\\101")]
    [InlineData("DIR/first ; /nonexistent/second")]
    public async Task Systemd_finds_the_program_where_the_parser_reads_it(string line)
    {
        string directory = Directory.CreateTempSubdirectory("flix-exec-").FullName;
        try
        {
            string value = line.Replace("DIR", directory, StringComparison.Ordinal);
            string program = ExecLineParser.Parse(value)[0].Program!;
            Assert.StartsWith(directory + "/", program, StringComparison.Ordinal);
            await File.WriteAllTextAsync(program, "#!/bin/sh\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string unit = Path.Combine(directory, "probe.service");
            await File.WriteAllTextAsync(unit, $"[Service]\nType=oneshot\nExecStart={value}\n");

            var (exitCode, output) = await VerifyAsync(unit);
            Assert.DoesNotContain("is not executable", output, StringComparison.Ordinal);
            Assert.True(exitCode == 0, output);

            // The oracle can fail: with the program removed, systemd reports it.
            File.Delete(program);
            var (_, missing) = await VerifyAsync(unit);
            Assert.Contains("is not executable", missing, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_backslash_from_x5c_reaches_systemd_as_the_parser_reads_it()
    {
        string directory = Directory.CreateTempSubdirectory("flix-exec-").FullName;
        try
        {
            // systemd refuses a program name with a backslash, and its message names the program as it decoded it.
            string value = directory + "/back\\x5cslash";
            string program = Assert.Single(ExecLineParser.Parse(value)).Program!;
            Assert.Equal(directory + "/back\\slash", program);
            string unit = Path.Combine(directory, "probe.service");
            await File.WriteAllTextAsync(unit, $"[Service]\nType=oneshot\nExecStart={value}\n");
            var (_, output) = await VerifyAsync(unit);
            Assert.Contains("special characters: " + program + "\n", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> VerifyAsync(string unit)
    {
        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify");
        start.ArgumentList.Add(unit);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
