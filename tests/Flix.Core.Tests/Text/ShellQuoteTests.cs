using Flix.Core.Text;
using Flix.TestSupport.Processes;

namespace Flix.Core.Tests.Text;

public sealed class ShellQuoteTests
{
    public static TheoryData<string> HostileNames => new()
    {
        "plain",
        string.Empty,
        "with space",
        "it's",
        "''",
        "$HOME",
        "${x:-y}",
        "$(touch /tmp/flix-injected)",
        "`id`",
        "back\\slash\\",
        "\"double\"",
        "line\nbreak",
        "trailing newline\n",
        "; rm -rf / #",
        "tab\there",
        "*?[a]",
        "~user",
        "-n",
        "é 漢字",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void A_quoted_word_is_read_back_by_sh_as_the_same_text(string value)
    {
        string script = "printf '%s' " + ShellQuote.Quote(value);

        Assert.Equal(value, ProcessRunner.Shell(script));
    }

    [Theory]
    [InlineData("a", "'a'")]
    [InlineData("", "''")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$x \\", "'$x \\'")]
    public void Quoting_uses_single_quotes_only(string value, string expected) =>
        Assert.Equal(expected, ShellQuote.Quote(value));

    [Fact]
    public void A_nul_cannot_be_quoted() =>
        Assert.Throws<ArgumentException>(() => ShellQuote.Quote("a\0b"));

    [Fact]
    public void Join_quotes_each_word()
    {
        string script = "for w in " + ShellQuote.Join(["a b", "c'd", "$e"]) + "; do printf '<%s>' \"$w\"; done";

        Assert.Equal("<a b><c'd><$e>", ProcessRunner.Shell(script));
    }
}
