using Flix.Sysext.Units;

namespace Flix.Sysext.Tests.Units;

public sealed class UnitFileRewriterTests
{
    private const string NginxUnit = """
        [Unit]
        Description=A high performance web server
        After=network-online.target
        ConditionFileIsExecutable=/usr/sbin/nginx

        [Service]
        Type=forking
        PIDFile=/run/nginx.pid
        ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'
        ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'
        ExecReload=/usr/sbin/nginx -g 'daemon on; master_process on;' -s reload
        ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/nginx.pid

        [Install]
        WantedBy=multi-user.target

        """;

    private static string? Wrappers(string program) => program == "/usr/sbin/nginx" ? "/usr/bin/nginx" : null;

    [Fact]
    public void Every_command_of_a_wrapped_program_runs_the_wrapper()
    {
        var (text, unwrapped) = UnitFileRewriter.Rewrite(NginxUnit, Wrappers);

        Assert.Contains("ConditionFileIsExecutable=/usr/bin/nginx\n", text);
        Assert.Contains("ExecStartPre=/usr/bin/nginx -t -q -g 'daemon on; master_process on;'\n", text);
        Assert.Contains("ExecStart=/usr/bin/nginx -g 'daemon on; master_process on;'\n", text);
        Assert.Contains("ExecReload=/usr/bin/nginx -g 'daemon on; master_process on;' -s reload\n", text);
        Assert.DoesNotContain("/usr/sbin/nginx", text);
        Assert.Equal(["/sbin/start-stop-daemon"], unwrapped);
        Assert.Equal(NginxUnit.Replace("/usr/sbin/nginx", "/usr/bin/nginx", StringComparison.Ordinal), text);
    }

    [Theory]
    // prefixes are kept
    [InlineData("ExecStart=-@/usr/sbin/nginx nginx -x\n", "ExecStart=-@/usr/bin/nginx nginx -x\n")]
    [InlineData("ExecStartPost=+!/usr/sbin/nginx\n", "ExecStartPost=+!/usr/bin/nginx\n")]
    // spaces around '=' and a quoted program
    [InlineData("ExecStop = \"/usr/sbin/nginx\" -s quit\n", "ExecStop = /usr/bin/nginx -s quit\n")]
    // CRLF line ends are kept
    [InlineData("ExecCondition=/usr/sbin/nginx -t\r\n", "ExecCondition=/usr/bin/nginx -t\r\n")]
    // an empty value resets the list and stays
    [InlineData("ExecStart=\n", "ExecStart=\n")]
    // conditions and assertions on the program's file, with their negation and trigger prefixes
    [InlineData("ConditionFileIsExecutable=/usr/sbin/nginx\n", "ConditionFileIsExecutable=/usr/bin/nginx\n")]
    [InlineData("AssertPathExists=!|/usr/sbin/nginx\n", "AssertPathExists=!|/usr/bin/nginx\n")]
    // other settings that mention the program are left
    [InlineData("Environment=X=/usr/sbin/nginx\n", "Environment=X=/usr/sbin/nginx\n")]
    // a continued line's second half is no command
    [InlineData("ExecStart=/bin/true \\\n  /usr/sbin/nginx\n", "ExecStart=/bin/true \\\n  /usr/sbin/nginx\n")]
    public void Rewrites_only_the_program_word(string unit, string expected) =>
        Assert.Equal(expected, UnitFileRewriter.Rewrite(unit, Wrappers).Text);

    [Theory]
    [InlineData("/usr/bin/plain", "/usr/bin/plain")]
    [InlineData("/usr/bin/with space", "\"/usr/bin/with space\"")]
    [InlineData("/usr/bin/q\"uote", "\"/usr/bin/q\\\"uote\"")]
    [InlineData("/usr/bin/50%", "/usr/bin/50%%")]
    public void Wrapper_paths_are_quoted_for_systemd(string path, string expected) =>
        Assert.Equal(expected, UnitFileRewriter.QuoteForUnit(path));

    [Theory]
    [InlineData("nginx.service", true)]
    [InlineData("x.socket", true)]
    [InlineData("x.timer", true)]
    [InlineData(".service", false)]
    [InlineData("nginx.conf", false)]
    public void Knows_unit_file_names(string name, bool expected) =>
        Assert.Equal(expected, UnitFileRewriter.IsUnitFileName(name));
}
