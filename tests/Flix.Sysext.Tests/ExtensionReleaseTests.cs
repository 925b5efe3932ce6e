namespace Flix.Sysext.Tests;

public sealed class ExtensionReleaseTests
{
    [Theory]
    // the bakery default: any host, arch only
    [InlineData("_any", "x86-64", null, false, "ID=_any\nARCHITECTURE=x86-64\n")]
    // --reload alone
    [InlineData("_any", "arm64", null, true, "ID=_any\nARCHITECTURE=arm64\nEXTENSION_RELOAD_MANAGER=1\n")]
    // --os flatcar adds the level
    [InlineData("flatcar", "x86-64", null, false, "ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\n")]
    // everything
    [InlineData("flatcar", "arm64", "1.2.3", true, "ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=arm64\nVERSION_ID=1.2.3\nEXTENSION_RELOAD_MANAGER=1\n")]
    // a version with _any: no level
    [InlineData("_any", "x86-64", "v1.32.2+k3s1", false, "ID=_any\nARCHITECTURE=x86-64\nVERSION_ID=v1.32.2+k3s1\n")]
    // another OS
    [InlineData("fedora", "x86-64", "41", true, "ID=fedora\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\nVERSION_ID=41\nEXTENSION_RELOAD_MANAGER=1\n")]
    public void Renders_fields_in_bakery_order(string id, string arch, string? version, bool reload, string expected)
    {
        var release = new ExtensionRelease { Name = "myext", Id = id, Architecture = arch, VersionId = version, ReloadManager = reload };

        Assert.Equal(expected, release.Render());
    }

    [Fact]
    public void Values_that_need_it_are_quoted()
    {
        var release = new ExtensionRelease { Name = "x", VersionId = "1 \"2\" $3" };

        Assert.Equal("ID=_any\nVERSION_ID=\"1 \\\"2\\\" \\$3\"\n", release.Render());
    }

    [Fact]
    public void The_file_lives_in_usr_lib_extension_release_d()
    {
        Assert.Equal("usr/lib/extension-release.d/extension-release.myext", new ExtensionRelease { Name = "myext" }.PathInImage);
    }

    [Theory]
    [InlineData("_any", true)]
    [InlineData("flatcar", true)]
    [InlineData("opensuse-microos", true)]
    [InlineData("Flatcar", false)]
    [InlineData("fla car", false)]
    [InlineData("", false)]
    public void Validates_os_ids(string id, bool valid)
    {
        Assert.Equal(valid, ExtensionRelease.ValidateId(id) is null);
    }
}
