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

    [Fact]
    public void Accepted_names_list_the_systemd_names_first()
    {
        Assert.Equal(["x86-64", "arm64", "amd64", "x86_64", "aarch64"], ExtensionArchitecture.AcceptedNames);
        Assert.Equal(["x86-64", "arm64"], ExtensionArchitecture.Names);
    }

    [Theory]
    [InlineData(62, "x86-64")]
    [InlineData(183, "arm64")]
    [InlineData(3, null)] // i386: a known machine, but extensions are not built for it
    [InlineData(0, null)]
    public void Elf_machines_map_to_extension_architectures(ushort machine, string? expected) =>
        Assert.Equal(expected, ExtensionArchitecture.FromElfMachine(machine));
}
