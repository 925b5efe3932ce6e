using Flix.Cli.Progress;

namespace Flix.Cli.Tests.Conventions;

/// <summary>The progress bars flix draws on a terminal's standard error (here a writer standing in for it).</summary>
public sealed class TerminalProgressTests
{
    [Fact]
    public void A_bar_shows_its_description_percentage_and_size()
    {
        using var error = new StringWriter();
        using (var progress = new TerminalProgress(error, noColor: false))
        {
            progress.Update("pack", "writing tool-1.0-x86-64.raw", 3 << 20, 4 << 20);
            progress.Stop();
        }

        string text = error.ToString();
        Assert.Contains("writing tool-1.0-x86-64.raw", text);
        Assert.Contains("75%", text);
        Assert.Contains("MiB", text);
        Assert.Contains("\u001b[", text);
    }

    [Fact]
    public void No_color_draws_without_colours()
    {
        using var error = new StringWriter();
        using (var progress = new TerminalProgress(error, noColor: true))
        {
            progress.Update("layer:0", "layer 1/1 sha256:0123456789ab", 1024, 2048);
            progress.Stop();
        }

        string text = error.ToString();
        Assert.Contains("layer 1/1 sha256:0123456789ab", text);
        Assert.DoesNotContain("\u001b[38;5;", text);
    }

    [Fact]
    public void After_stop_the_next_update_starts_a_new_display_and_text_between_stays_whole()
    {
        using var error = new StringWriter();
        using var progress = new TerminalProgress(error, noColor: true);
        progress.Working("build", "building tool");
        progress.Stop();
        error.WriteLine("a line of the builder's report");
        progress.Update("pack", "writing tool.raw", 1, 1);
        progress.Stop();

        string text = error.ToString();
        Assert.Contains("a line of the builder's report\n", text);
        Assert.True(text.IndexOf("building tool", StringComparison.Ordinal) < text.IndexOf("a line of", StringComparison.Ordinal));
        Assert.True(text.IndexOf("writing tool.raw", StringComparison.Ordinal) > text.IndexOf("a line of", StringComparison.Ordinal));
    }
}
