using System.Runtime.InteropServices;

namespace Flix.Sysext.Tests;

public sealed class ExtensionArchitectureTests
{
    [Theory]
    [InlineData("x86-64", "x86-64")]
    [InlineData("amd64", "x86-64")]
    [InlineData("x86_64", "x86-64")]
    [InlineData("arm64", "arm64")]
    [InlineData("aarch64", "arm64")]
    [InlineData("AARCH64", "arm64")]
    public void Maps_aliases_to_systemd_names(string input, string expected)
    {
        Assert.True(ExtensionArchitecture.TryNormalize(input, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("x86")]
    [InlineData("riscv64")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_others(string? input) => Assert.False(ExtensionArchitecture.TryNormalize(input, out _));

    [Fact]
    public void Host_architecture_maps_from_the_runtime()
    {
        Assert.Equal("x86-64", ExtensionArchitecture.FromRuntime(Architecture.X64));
        Assert.Equal("arm64", ExtensionArchitecture.FromRuntime(Architecture.Arm64));
        Assert.Null(ExtensionArchitecture.FromRuntime(Architecture.S390x));
        Assert.Equal(ExtensionArchitecture.FromRuntime(RuntimeInformation.OSArchitecture), ExtensionArchitecture.Host);
    }
}
