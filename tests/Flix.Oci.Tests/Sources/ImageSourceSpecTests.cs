using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Sources;

public sealed class ImageSourceSpecTests
{
    [Theory]
    // each prefix selects its kind; the rest is the location
    [InlineData("oci:/srv/layout:v1", ImageSourceKind.OciLayout, "/srv/layout:v1", "oci")]
    [InlineData("docker-archive:app.tar", ImageSourceKind.DockerArchive, "app.tar", "docker-archive")]
    [InlineData("docker-daemon:app:v1", ImageSourceKind.DockerDaemon, "app:v1", "docker-daemon")]
    [InlineData("dir:./rootfs", ImageSourceKind.Directory, "./rootfs", "dir")]
    // anything else is a registry reference, with or without skopeo's docker://
    [InlineData("debian:trixie", ImageSourceKind.Registry, "debian:trixie", "registry")]
    [InlineData("docker://ghcr.io/org/img:1", ImageSourceKind.Registry, "ghcr.io/org/img:1", "registry")]
    // a prefix is matched whole: "directory:" is no dir: source
    [InlineData("directory:x", ImageSourceKind.Registry, "directory:x", "registry")]
    public void Each_prefix_selects_its_kind(string text, ImageSourceKind kind, string location, string name)
    {
        var spec = ImageSourceSpec.Parse(text);

        Assert.Equal(kind, spec.Kind);
        Assert.Equal(location, spec.Location);
        Assert.Equal(name, spec.Syntax.Name);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(kind == ImageSourceKind.Directory, spec.IsDirectory);
    }

    [Theory]
    [InlineData("oci:", "oci:PATH[:TAG]")]
    [InlineData("docker-archive:", "docker-archive:FILE")]
    [InlineData("docker-daemon:", "docker-daemon:NAME[:TAG]")]
    [InlineData("dir:", "dir:PATH")]
    [InlineData("docker://", "must not be empty")]
    public void A_prefix_with_nothing_after_it_says_what_it_needs(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ImageSourceSpec.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Every_kind_has_one_row_and_its_own_prefix()
    {
        Assert.Equal(Enum.GetValues<ImageSourceKind>(), ImageSourceSpec.Syntaxes.Select(syntax => syntax.Kind).Order());
        var prefixes = ImageSourceSpec.Syntaxes.Select(syntax => syntax.Prefix).OfType<string>().ToList();
        Assert.Equal(prefixes.Count, prefixes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ImageSourceSpec.Syntaxes.Where(syntax => syntax.Prefix is not null), syntax => Assert.StartsWith(syntax.Prefix!, syntax.Usage));
        Assert.Equal(["oci:", "docker-archive:", "docker-daemon:"], ImageSourceSpec.PrefixedImageSyntaxes.Select(syntax => syntax.Prefix));
    }

    [Fact]
    public void A_dir_spec_makes_no_image_source() =>
        Assert.Throws<ArgumentException>(() => ImageSources.Create(ImageSourceSpec.Parse("dir:/srv/root"), new ImageSourceOptions()));
}
