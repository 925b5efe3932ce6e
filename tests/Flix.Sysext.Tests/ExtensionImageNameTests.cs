namespace Flix.Sysext.Tests;

public sealed class ExtensionImageNameTests
{
    [Theory]
    // the unversioned name systemd-sysext sees directly
    [InlineData("myext.raw", false, "myext", "myext", null, null, true)]
    // the bakery's versioned name
    [InlineData("myext-1.2.3-x86-64.raw", false, "myext-1.2.3-x86-64", "myext", "1.2.3", "x86-64", true)]
    // a dash in the name and a v-prefixed version with a build suffix
    [InlineData("docker-compose-v2.29.1+k3s1-arm64.raw", false, "docker-compose-v2.29.1+k3s1-arm64", "docker-compose", "v2.29.1+k3s1", "arm64", true)]
    // a dash inside the version: the first dash before a digit starts it
    [InlineData("kubernetes-1.31.4-rc1-x86-64.raw", false, "kubernetes-1.31.4-rc1-x86-64", "kubernetes", "1.31.4-rc1", "x86-64", true)]
    // an architecture suffix but nothing that looks like a version: the whole name
    [InlineData("tool-x86-64.raw", false, "tool-x86-64", "tool-x86-64", null, null, true)]
    // no .raw: systemd-sysext ignores such files
    [InlineData("myext.img", false, "myext.img", "myext.img", null, null, false)]
    // a directory needs no suffix
    [InlineData("myext-2.0-arm64", true, "myext-2.0-arm64", "myext", "2.0", "arm64", true)]
    public void Parses_bakery_file_names(string fileName, bool isDirectory, string imageName, string name, string? version, string? architecture, bool raw)
    {
        var parsed = ExtensionImageName.Parse(fileName, isDirectory);

        Assert.Equal((imageName, name, version, architecture, raw), (parsed.ImageName, parsed.Name, parsed.Version, parsed.Architecture, parsed.HasRawSuffix));
    }

    [Fact]
    public void As_a_known_name_splits_where_the_heuristic_cannot()
    {
        // "2fa" starts with a digit, so the heuristic cuts the name too early; the metadata name decides.
        var parsed = ExtensionImageName.Parse("foo-2fa-1.0-x86-64.raw", isDirectory: false);
        Assert.Equal("foo", parsed.Name);

        var known = parsed.As("foo-2fa");

        Assert.NotNull(known);
        Assert.Equal(("foo-2fa", "1.0", "x86-64"), (known.Name, known.Version, known.Architecture));
    }

    [Theory]
    // the image name itself: not versioned
    [InlineData("myext", "myext", null)]
    // a versioned image of the name
    [InlineData("myext-1-x86-64", "myext", "1")]
    // a prefix that is not followed by a dash
    [InlineData("myextra-1-x86-64", "myext", "no match")]
    // no architecture suffix
    [InlineData("myext-1", "myext", "no match")]
    // an empty version
    [InlineData("myext-x86-64", "myext", "no match")]
    public void As_matches_only_name_or_name_version_arch(string imageName, string name, string? expectedVersion)
    {
        var match = ExtensionImageName.Parse(imageName + ".raw", isDirectory: false).As(name);

        if (expectedVersion == "no match")
        {
            Assert.Null(match);
        }
        else
        {
            Assert.NotNull(match);
            Assert.Equal((name, expectedVersion), (match.Name, match.Version));
        }
    }
}
