using Flix.Sysext.Entries;

namespace Flix.Sysext.Tests.Entries;

public sealed class EntryPointTests
{
    [Theory]
    // a program under /usr stays where it is
    [InlineData("/usr/bin/htop", "/usr/bin/htop", "/usr/bin/htop")]
    // sbin programs get their place in /usr/bin: a sysext must not ship usr/sbin
    [InlineData("/usr/sbin/nginx", "/usr/sbin/nginx", "/usr/bin/nginx")]
    [InlineData("/sbin/ip", "/sbin/ip", "/usr/bin/ip")]
    // /bin and /lib map to their /usr counterparts
    [InlineData("/bin/ls", "/bin/ls", "/usr/bin/ls")]
    [InlineData("/lib/systemd/system/nginx.service", "/lib/systemd/system/nginx.service", "/usr/lib/systemd/system/nginx.service")]
    [InlineData("/lib64/x", "/lib64/x", "/usr/lib64/x")]
    // /opt is merged too
    [InlineData("/opt/app/bin/app", "/opt/app/bin/app", "/opt/app/bin/app")]
    // SRC:TARGET
    [InlineData("/etc/systemd/system/x.service:/usr/lib/systemd/system/x.service", "/etc/systemd/system/x.service", "/usr/lib/systemd/system/x.service")]
    [InlineData("/lib/systemd/system/nginx.service:/usr/lib/systemd/system/nginx.service", "/lib/systemd/system/nginx.service", "/usr/lib/systemd/system/nginx.service")]
    // a target in sbin goes to /usr/bin as well
    [InlineData("/opt/tool:/usr/sbin/tool", "/opt/tool", "/usr/bin/tool")]
    // doubled and trailing slashes are normalised
    [InlineData("//usr//bin/x/", "/usr/bin/x", "/usr/bin/x")]
    // a ':' not followed by '/' belongs to the name
    [InlineData("/usr/bin/a:b", "/usr/bin/a:b", "/usr/bin/a:b")]
    // hostile characters stay in the name
    [InlineData("/usr/bin/my prog$x'q", "/usr/bin/my prog$x'q", "/usr/bin/my prog$x'q")]
    public void Parses_and_maps(string text, string source, string target)
    {
        var entry = EntryPoint.Parse(text);

        Assert.Equal(source, entry.Source);
        Assert.Equal(target, entry.Target);
    }

    [Theory]
    // empty
    [InlineData("", "empty")]
    // relative
    [InlineData("usr/bin/x", "absolute")]
    // outside /usr and /opt without a target
    [InlineData("/etc/nginx/nginx.conf", "outside /usr and /opt")]
    // a target outside /usr and /opt
    [InlineData("/usr/bin/x:/etc/x", "outside /usr and /opt")]
    // dot-dot is refused, never resolved
    [InlineData("/usr/bin/../../etc/passwd", "'..'")]
    [InlineData("/usr/bin/x:/usr/../etc/x", "'..'")]
    // the root itself
    [InlineData("/", "root")]
    // /usr itself is no target
    [InlineData("/srv/x:/usr", "outside /usr and /opt")]
    public void Refuses_with_a_message_naming_the_entry(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => EntryPoint.Parse(text));

        Assert.Contains(expected, error.Message);
        if (text.Length > 0)
        {
            Assert.Contains(text, error.Message);
        }
    }

    [Fact]
    public void A_nul_is_refused() =>
        Assert.Throws<FormatException>(() => EntryPoint.Parse("/usr/bin/a\0b"));

    [Theory]
    [InlineData("/usr/sbin", "/usr/sbin")]
    [InlineData("/usr/sbin/x", "/usr/bin/x")]
    [InlineData("/sbinx/y", "/sbinx/y")]
    [InlineData("/library/x", "/library/x")]
    public void MapToUsr_moves_whole_components_only(string path, string expected) =>
        Assert.Equal(expected, EntryPoint.MapToUsr(path));
}
