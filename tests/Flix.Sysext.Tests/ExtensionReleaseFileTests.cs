namespace Flix.Sysext.Tests;

public sealed class ExtensionReleaseFileTests
{
    private const string Path = "usr/lib/extension-release.d/extension-release.myext";

    [Fact]
    public void Reads_back_what_pack_writes()
    {
        var written = new ExtensionRelease { Name = "myext", Id = "flatcar", Architecture = "arm64", VersionId = "1 \"beta\"", ReloadManager = true };

        var read = ExtensionReleaseFile.Parse("myext", Path, written.Render());

        Assert.Equal(["ID", "SYSEXT_LEVEL", "ARCHITECTURE", "VERSION_ID", "EXTENSION_RELOAD_MANAGER"], read.Fields.Keys);
        Assert.Equal(("flatcar", "1.0", "arm64", "1 \"beta\"", "1"), (read.Id, read.SysextLevel, read.Architecture, read.VersionId, read.ExtensionReloadManager));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void Follows_os_release_quoting_comments_and_repeats()
    {
        string text = "# made by hand\n\nID='_any'\r\nVERSION_ID=\"1.0 \\$x\"\nNAME=My\\ Ext\n  ARCHITECTURE = x86-64  \nID=flatcar\n";

        var read = ExtensionReleaseFile.Parse("myext", Path, text);

        Assert.Equal(["ID", "VERSION_ID", "NAME", "ARCHITECTURE"], read.Fields.Keys);
        Assert.Equal(("flatcar", "1.0 $x", "My Ext", "x86-64"), (read.Id, read.VersionId, read.Fields["NAME"], read.Architecture));
        Assert.Empty(read.Problems);
    }

    [Fact]
    public void Lines_that_are_not_fields_are_problems_with_their_number()
    {
        var read = ExtensionReleaseFile.Parse("myext", Path, "ID=_any\njust words\n1KEY=x\nVERSION_ID=\"open\n");

        Assert.Equal(["ID"], read.Fields.Keys);
        Assert.Equal(3, read.Problems.Count);
        Assert.StartsWith("line 2 'just words' is not KEY=value", read.Problems[0]);
        Assert.StartsWith("line 3 '1KEY=x' is not KEY=value", read.Problems[1]);
        Assert.Contains("line 4", read.Problems[2]);
        Assert.Contains("unterminated quote", read.Problems[2]);
    }

    [Theory]
    [InlineData("extension-release.myext", "myext")]
    [InlineData("extension-release.my.ext-2", "my.ext-2")]
    [InlineData("extension-release.", null)]
    [InlineData("os-release", null)]
    public void Names_come_from_the_file_name(string fileName, string? name) => Assert.Equal(name, ExtensionReleaseFile.NameOf(fileName));
}
