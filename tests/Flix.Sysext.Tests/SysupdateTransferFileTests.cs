namespace Flix.Sysext.Tests;

public sealed class SysupdateTransferFileTests
{
    [Fact]
    public void Renders_the_bakery_transfer()
    {
        var transfer = new SysupdateTransferFile { Name = "myext" };

        Assert.Equal("myext.conf", transfer.FileName);
        Assert.Equal(
            """
            [Transfer]
            Verify=false

            [Source]
            Type=url-file
            Path=https://extensions.flatcar.org/extensions/myext/
            MatchPattern=myext-@v-%a.raw

            [Target]
            InstancesMax=3
            Type=regular-file
            Path=/opt/extensions/myext
            CurrentSymlink=/etc/extensions/myext.raw

            """.Replace("\r\n", "\n"),
            transfer.Render());
    }

    [Fact]
    public void A_custom_url_is_used_with_percent_signs_escaped()
    {
        var transfer = new SysupdateTransferFile { Name = "tool", SourceUrl = "https://example.com/a%20b/" };

        Assert.Contains("\nPath=https://example.com/a%%20b/\n", transfer.Render());
        Assert.Contains("\nMatchPattern=tool-@v-%a.raw\n", transfer.Render());
    }

    [Theory]
    [InlineData("https://example.com/ext/", true)]
    [InlineData("http://10.0.2.2:12345/", true)]
    [InlineData("file:///srv/ext/", true)]
    [InlineData("ftp://example.com/", false)]
    [InlineData("example.com/ext", false)]
    [InlineData("https://example.com/a b", false)]
    public void Validates_urls(string url, bool valid) => Assert.Equal(valid, SysupdateTransferFile.ValidateUrl(url) is null);
}
