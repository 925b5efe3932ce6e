using Flix.Sysext.Units;

namespace Flix.Sysext.Tests.Units;

public sealed class UnitProgramRewriterTests
{
    private const string NginxUnit = """
        [Unit]
        Description=A high performance web server
        ConditionFileIsExecutable=/usr/sbin/nginx

        [Service]
        Type=forking
        ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'
        ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'
        ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/nginx.pid

        [Install]
        WantedBy=multi-user.target

        """;

    private static string? Shipped(string program) => program switch
    {
        "/usr/sbin/nginx" or "/usr/sbin/ngin%x" or "/usr/sbin/a\\b" => "/usr/bin/" + program["/usr/sbin/".Length..],
        "/usr/bin/jq" => "/usr/bin/jq",
        _ => null,
    };

    [Fact]
    public void Points_commands_and_conditions_at_the_shipped_program_and_lists_the_rest()
    {
        var rewrite = UnitProgramRewriter.Rewrite(NginxUnit, Shipped);

        Assert.Equal(NginxUnit.Replace("/usr/sbin/nginx", "/usr/bin/nginx", StringComparison.Ordinal), rewrite.Text);
        Assert.Equal([new UnitProgramReference(7, "ExecStartPre", "/usr/sbin/nginx"), new UnitProgramReference(8, "ExecStart", "/usr/sbin/nginx")], rewrite.Rewritten);
        Assert.Equal([new UnitProgramReference(9, "ExecStop", "/sbin/start-stop-daemon")], rewrite.Unshipped);
    }

    [Theory]
    // every command of a line, not only the first
    [InlineData("ExecStartPre=/usr/sbin/nginx -t ; /usr/sbin/nginx -T\n", "ExecStartPre=/usr/bin/nginx -t ; /usr/bin/nginx -T\n")]
    // programs written with %% and \x5c escapes are recognised; the new word is written for systemd
    [InlineData("ExecStart=/usr/sbin/ngin%%x\n", "ExecStart=/usr/bin/ngin%%x\n")]
    [InlineData("ExecStart=/usr/sbin/a\\x5cb -v\n", "ExecStart=\"/usr/bin/a\\\\b\" -v\n")]
    [InlineData("ExecStart=/usr/sbin/ngin\\x78\n", "ExecStart=/usr/bin/nginx\n")]
    // prefixes are kept, also when they were inside quotes
    [InlineData("ExecStart=-@/usr/sbin/nginx nginx -x\n", "ExecStart=-@/usr/bin/nginx nginx -x\n")]
    [InlineData("ExecStop = \"-/usr/sbin/nginx\" -s quit\n", "ExecStop = -/usr/bin/nginx -s quit\n")]
    // a shipped program already at its place is left as written
    [InlineData("ExecStart=/usr/bin/jq .\n", "ExecStart=/usr/bin/jq .\n")]
    // CRLF line ends and comments stay
    [InlineData("# ExecStart=/usr/sbin/nginx\r\nExecCondition=/usr/sbin/nginx -t\r\n", "# ExecStart=/usr/sbin/nginx\r\nExecCondition=/usr/bin/nginx -t\r\n")]
    // a continuation line: the program on the second physical line is found, an argument there is no program
    [InlineData("ExecStart=\\\n  /usr/sbin/nginx -x\n", "ExecStart=\\\n  /usr/bin/nginx -x\n")]
    [InlineData("ExecStart=/bin/true \\\n  /usr/sbin/nginx\n", "ExecStart=/bin/true \\\n  /usr/sbin/nginx\n")]
    // conditions and assertions, with their '!' and '|' prefixes and %% escapes
    [InlineData("AssertPathExists=!|/usr/sbin/nginx\n", "AssertPathExists=!|/usr/bin/nginx\n")]
    [InlineData("ConditionPathExists=/usr/sbin/ngin%%x\n", "ConditionPathExists=/usr/bin/ngin%%x\n")]
    // other settings naming the program are left
    [InlineData("Environment=X=/usr/sbin/nginx\n", "Environment=X=/usr/sbin/nginx\n")]
    // an empty value (a reset) and unbalanced quotes (ignored by systemd) are left
    [InlineData("ExecStart=\n", "ExecStart=\n")]
    [InlineData("ExecStart=/usr/sbin/nginx \"x\n", "ExecStart=/usr/sbin/nginx \"x\n")]
    public void Rewrites_only_program_words(string unit, string expected) =>
        Assert.Equal(expected, UnitProgramRewriter.Rewrite(unit, Shipped).Text);

    [Fact]
    public void A_program_behind_a_specifier_is_listed_as_written()
    {
        var rewrite = UnitProgramRewriter.Rewrite("[Service]\nExecStart=%h/bin/tool\n", Shipped);
        Assert.Equal([new UnitProgramReference(2, "ExecStart", "%h/bin/tool")], rewrite.Unshipped);
    }

    [Fact]
    public void Comment_lines_inside_a_continuation_are_skipped()
    {
        var settings = UnitFileParser.Parse("[Service]\nExecStart=/bin/a \\\n# note\n  b\nUser=x\n");
        Assert.Equal(["/bin/a  b", "x"], settings.Select(s => s.Value));
        Assert.Equal([2, 5], settings.Select(s => s.Line));
    }

    [Fact]
    public void The_upholds_drop_in_names_each_unit()
    {
        Assert.Equal("/usr/lib/systemd/system/multi-user.target.d/10-nginx.conf", UpholdsDropIn.PathFor("nginx"));
        Assert.Equal("[Unit]\nUpholds=nginx.service\nUpholds=a@b.socket\n", UpholdsDropIn.Render(["nginx.service", "a@b.socket"]));
        Assert.Throws<FormatException>(() => UpholdsDropIn.Render(["nginx"]));
        Assert.Throws<FormatException>(() => UpholdsDropIn.Render(["x y.service"]));
    }

    [Fact]
    public void Each_unit_is_upheld_by_its_target_in_one_drop_in_per_target()
    {
        var dropIns = UpholdsDropIn.RenderAll("docker", ["docker.socket", "containerd.service", "clean.timer", "other.service"]);
        Assert.Equal(
            [
                ("/usr/lib/systemd/system/multi-user.target.d/10-docker.conf", "[Unit]\nUpholds=containerd.service\nUpholds=other.service\n"),
                ("/usr/lib/systemd/system/sockets.target.d/10-docker.conf", "[Unit]\nUpholds=docker.socket\n"),
                ("/usr/lib/systemd/system/timers.target.d/10-docker.conf", "[Unit]\nUpholds=clean.timer\n"),
            ],
            dropIns);
        Assert.Empty(UpholdsDropIn.RenderAll("docker", []));
    }
}
