using Flix.Oci.Manifests;

namespace Flix.Oci.Tests.Manifests;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm/v7", "linux", "arm", "v7")]
    [InlineData("linux/arm64", "linux", "arm64", "v8")] // arm64 means v8
    [InlineData("Linux/ARM64/V8", "linux", "arm64", "v8")]
    public void Parses(string text, string os, string arch, string? variant)
    {
        var p = Platform.Parse(text);
        Assert.Equal((os, arch, variant), (p.Os, p.Architecture, p.Variant));
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("linux/arm/v7/x")]
    [InlineData("linux/a b")]
    public void Rejects(string text) => Assert.Throws<FormatException>(() => Platform.Parse(text));

    [Theory]
    [InlineData("x86-64", "linux/amd64")]
    [InlineData("x86_64", "linux/amd64")]
    [InlineData("amd64", "linux/amd64")]
    [InlineData("arm64", "linux/arm64/v8")]
    [InlineData("aarch64", "linux/arm64/v8")]
    public void From_arch(string arch, string expected) => Assert.Equal(expected, Platform.FromArch(arch).ToString());

    [Fact]
    public void Unknown_arch_is_not_supported() => Assert.Throws<NotSupportedException>(() => Platform.FromArch("vax"));

    [Theory]
    [InlineData("linux/arm64", "linux", "arm64", "", true)] // an empty variant is v8 for arm64
    [InlineData("linux/arm64/v8", "linux", "arm64", null, true)]
    [InlineData("linux/arm/v7", "linux", "arm", "v6", false)]
    [InlineData("linux/arm", "linux", "arm", "v6", true)] // no variant wanted: any
    [InlineData("linux/amd64", "windows", "amd64", null, false)]
    [InlineData("linux/amd64", "unknown", "unknown", null, false)] // attestation entries
    public void Accepts(string wanted, string os, string arch, string? variant, bool accepted) =>
        Assert.Equal(accepted, Platform.Parse(wanted).Accepts(new Platform { Os = os, Architecture = arch, Variant = variant }));

    [Fact]
    public void Host_is_linux() => Assert.Equal("linux", Platform.Host.Os);
}
