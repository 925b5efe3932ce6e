using Flix.Cli;

namespace Flix.Cli.Tests.Elf;

public sealed class ElfCommandHelpTests
{
    [Fact]
    public async Task Help_matches_the_snapshot()
    {
        // The snapshot is `flix elf --help` of the built program; regenerate it when options change on purpose.
        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Snapshots", "elf-help.txt"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await Program.RunAsync(["elf", "--help"], output, error, _ => null);

        Assert.Equal(0, exitCode);
        string text = output.ToString();
        string usage = text.Split('\n').First(line => line.Contains(" elf <files>... [options]", StringComparison.Ordinal));
        Assert.Equal(expected, text.Replace(usage, "  flix elf <files>... [options]", StringComparison.Ordinal));
    }
}
