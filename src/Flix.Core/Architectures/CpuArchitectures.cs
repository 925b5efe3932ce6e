using System.Runtime.InteropServices;

namespace Flix.Core.Architectures;

/// <summary>The one table of the CPU architectures Flix knows, and lookups by any of their names.</summary>
public static class CpuArchitectures
{
    /// <summary>e_machine values (ELF's EM_*) of the rows below.</summary>
    private const ushort EmI386 = 3, EmArm = 40, EmX86_64 = 62, EmPpc64 = 21, EmS390 = 22, EmAArch64 = 183, EmRiscV = 243;

    public static CpuArchitecture X86_64 { get; } = new()
    {
        SystemdName = "x86-64", OciName = "amd64", ElfMachine = EmX86_64, Runtime = Architecture.X64, Aliases = ["x86_64"],
    };

    public static CpuArchitecture Arm64 { get; } = new()
    {
        SystemdName = "arm64", OciName = "arm64", OciVariant = "v8", ElfMachine = EmAArch64, Runtime = Architecture.Arm64, Aliases = ["aarch64"],
    };

    /// <summary>Every architecture, in the order names are listed to users.</summary>
    public static IReadOnlyList<CpuArchitecture> All { get; } =
    [
        X86_64,
        Arm64,
        new() { SystemdName = "x86", OciName = "386", ElfMachine = EmI386, Runtime = Architecture.X86, Aliases = ["i386", "i686"] },
        new() { SystemdName = "arm", OciName = "arm", OciVariant = "v7", ElfMachine = EmArm, Runtime = Architecture.Arm, Aliases = ["armhf", "armv7", "armv7l"] },
        new() { SystemdName = "ppc64-le", OciName = "ppc64le", ElfMachine = EmPpc64, Runtime = Architecture.Ppc64le, Aliases = ["ppc64el"] },
        new() { SystemdName = "s390x", OciName = "s390x", ElfMachine = EmS390, Runtime = Architecture.S390x },
        new() { SystemdName = "riscv64", OciName = "riscv64", ElfMachine = EmRiscV, Runtime = Architecture.RiscV64 },
    ];

    /// <summary>The architecture <paramref name="name"/> names (any of its names, any case), or null.</summary>
    public static CpuArchitecture? Find(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        string lower = name.ToLowerInvariant();
        return All.FirstOrDefault(architecture => architecture.Names.Contains(lower, StringComparer.Ordinal));
    }

    /// <summary>The architecture of ELF files with e_machine <paramref name="machine"/> (see <see cref="CpuArchitecture.ElfMachine"/>), or null.</summary>
    public static CpuArchitecture? FromElfMachine(ushort machine) => All.FirstOrDefault(architecture => architecture.ElfMachine == machine);

    /// <summary>The row of .NET's <paramref name="architecture"/>, or null.</summary>
    public static CpuArchitecture? FromRuntime(Architecture architecture) => All.FirstOrDefault(row => row.Runtime == architecture);
}
