using System.Runtime.InteropServices;
using Flix.Core.Architectures;

namespace Flix.Core.Tests.Architectures;

public sealed class CpuArchitecturesTests
{
    [Theory]
    // systemd, OCI and kernel names of one architecture find the same row, in any case
    [InlineData("x86-64", "x86-64")]
    [InlineData("amd64", "x86-64")]
    [InlineData("X86_64", "x86-64")]
    [InlineData("aarch64", "arm64")]
    [InlineData("386", "x86")]
    [InlineData("i686", "x86")]
    [InlineData("armhf", "arm")]
    [InlineData("ppc64el", "ppc64-le")]
    [InlineData("riscv64", "riscv64")]
    public void Every_name_finds_its_row(string name, string systemdName) =>
        Assert.Equal(systemdName, CpuArchitectures.Find(name)?.SystemdName);

    [Theory]
    [InlineData("mips")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_find_nothing(string? name) => Assert.Null(CpuArchitectures.Find(name));

    [Fact]
    public void No_name_belongs_to_two_rows()
    {
        var names = CpuArchitectures.All.SelectMany(row => row.Names).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Equal(name.ToLowerInvariant(), name));
    }

    [Fact]
    public void Elf_machines_and_runtime_names_map_to_their_rows()
    {
        Assert.Same(CpuArchitectures.X86_64, CpuArchitectures.FromElfMachine(62));
        Assert.Same(CpuArchitectures.Arm64, CpuArchitectures.FromElfMachine(183));
        Assert.Null(CpuArchitectures.FromElfMachine(0));
        Assert.Same(CpuArchitectures.Arm64, CpuArchitectures.FromRuntime(Architecture.Arm64));
        Assert.NotNull(CpuArchitectures.FromRuntime(RuntimeInformation.OSArchitecture));
    }
}
