using Flix.Sysext.Units;

namespace Flix.Sysext.Tests.Units;

/// <summary>The Exec line parser against the rules of systemd.service(5) "Command lines" and systemd.syntax(7) "Quoting".</summary>
public sealed class ExecLineParserTests
{
    [Theory]
    // one command; arguments split at whitespace
    [InlineData("/usr/sbin/nginx -g x", "|/usr/sbin/nginx|-g,x")]
    // a lone ';' separates commands, with or without extra spaces
    [InlineData("/bin/a 1 ; /bin/b 2 ;  /bin/c", "|/bin/a|1 ; |/bin/b|2 ; |/bin/c|")]
    // ';' inside a word or quoted is an argument, not a separator
    [InlineData("/bin/a x; /bin/b", "|/bin/a|x;,/bin/b")]
    [InlineData("/bin/a \";\" /bin/b", "|/bin/a|;,/bin/b")]
    // '\;' alone is a literal ';' argument
    [InlineData("/bin/find . -exec rm {} \\; ; /bin/b", "|/bin/find|.,-exec,rm,{},; ; |/bin/b|")]
    // a trailing lone ';' ends the last command
    [InlineData("/bin/a ;", "|/bin/a|")]
    // prefixes, alone and combined, are split off the program
    [InlineData("-/bin/a", "-|/bin/a|")]
    [InlineData("@/bin/a argv0 x", "@|/bin/a|argv0,x")]
    [InlineData("-@:+/bin/a", "-@:+|/bin/a|")]
    [InlineData("!!/bin/a", "!!|/bin/a|")]
    [InlineData("|/bin/a", "||/bin/a|")]
    // prefixes inside quotes are prefixes too (systemd unquotes the first word, then reads them)
    [InlineData("\"-/bin/with space\" x", "-|/bin/with space|x")]
    // quotes anywhere in a word, single or double
    [InlineData("/bin/a 'b c'd \"e 'f'\"", "|/bin/a|b cd,e 'f'")]
    // C escapes, also inside quotes; \x5c is a backslash
    [InlineData("/usr/sbin/ngin\\x78", "|/usr/sbin/nginx|")]
    [InlineData("/opt/a\\x5cb", "|/opt/a\\b|")]
    [InlineData("\"/opt/tab\\there\"", "|/opt/tab\there|")]
    [InlineData("/opt/\\101\\s\\u00e9", "|/opt/A é|")]
    [InlineData("/opt/\\xc3\\xa9", "|/opt/é|")]
    // an unknown escape is kept as written
    [InlineData("/opt/a\\qb", "|/opt/a\\qb|")]
    // '%%' is a literal percent
    [InlineData("/opt/50%%/run x%%y", "|/opt/50%/run|x%y")]
    public void Splits_commands_as_systemd_does(string value, string expected) =>
        Assert.Equal(expected, Describe(ExecLineParser.Parse(value)));

    [Fact]
    public void A_specifier_hides_the_program()
    {
        var command = Assert.Single(ExecLineParser.Parse("-%h/bin/tool --x %i"));
        Assert.Null(command.Program);
        Assert.Equal("-%h/bin/tool", command.RawProgramWord);
        Assert.Equal(["--x", "%i"], command.Arguments);
    }

    [Fact]
    public void The_program_word_span_points_into_the_value()
    {
        const string value = "/bin/a 1 ; -\"/bin/b c\" 2";
        var commands = ExecLineParser.Parse(value);
        Assert.Equal(2, commands.Count);
        Assert.Equal("/bin/a", value[commands[0].ProgramStart..commands[0].ProgramEnd]);
        Assert.Equal("-\"/bin/b c\"", value[commands[1].ProgramStart..commands[1].ProgramEnd]);
    }

    [Fact]
    public void Unbalanced_quotes_are_a_format_error() =>
        Assert.Throws<FormatException>(() => ExecLineParser.Parse("/bin/a \"b"));

    [Theory]
    [InlineData("/usr/bin/plain", "/usr/bin/plain")]
    [InlineData("/usr/bin/with space", "\"/usr/bin/with space\"")]
    [InlineData("/usr/bin/q\"uote", "\"/usr/bin/q\\\"uote\"")]
    [InlineData("/usr/bin/back\\slash", "\"/usr/bin/back\\\\slash\"")]
    [InlineData("/usr/bin/50%", "/usr/bin/50%%")]
    [InlineData("/usr/bin/new\nline", "\"/usr/bin/new\\nline\"")]
    [InlineData(";", "\";\"")]
    public void Quote_writes_a_word_that_parses_back(string path, string expected)
    {
        string quoted = ExecLineParser.Quote(path);
        Assert.Equal(expected, quoted);
        Assert.Equal(path, Assert.Single(ExecLineParser.Parse(quoted + " arg")).Program);
    }

    /// <summary>Commands as "PREFIXES|PROGRAM|ARG,ARG" joined by " ; ".</summary>
    private static string Describe(IReadOnlyList<ExecCommand> commands) =>
        string.Join(" ; ", commands.Select(c => $"{c.Prefixes}|{c.Program}|{string.Join(',', c.Arguments)}"));
}
