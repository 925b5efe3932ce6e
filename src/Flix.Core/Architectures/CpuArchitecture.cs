using System.Runtime.InteropServices;

namespace Flix.Core.Architectures;

/// <summary>
/// One CPU architecture under the names each party gives it: systemd (<c>ARCHITECTURE=</c>, <c>ConditionArchitecture=</c>),
/// OCI image platforms, the ELF header and .NET. One row of <see cref="CpuArchitectures.All"/>.
/// </summary>
public sealed record CpuArchitecture
{
    /// <summary>systemd's name: x86-64, arm64, x86, arm, ppc64-le, s390x, riscv64.</summary>
    public required string SystemdName { get; init; }

    /// <summary>The OCI platform's architecture (Go's GOARCH): amd64, arm64, 386, arm…</summary>
    public required string OciName { get; init; }

    /// <summary>The OCI platform's variant Flix asks for (v8 for arm64, v7 for arm), or null.</summary>
    public string? OciVariant { get; init; }

    /// <summary>
    /// The e_machine of its ELF files. ppc64le and s390x share theirs with their big-endian and 31-bit kin: the
    /// value names the family, the byte order and class tell them apart.
    /// </summary>
    public required ushort ElfMachine { get; init; }

    /// <summary>.NET's name for it, or null when .NET has none.</summary>
    public Architecture? Runtime { get; init; }

    /// <summary>Other names users and tools write for it (the kernel's uname -m, Debian's): x86_64, aarch64, armhf…</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Every name accepted on input, systemd's first, then the OCI name and the aliases.</summary>
    public IEnumerable<string> Names => new[] { SystemdName, OciName }.Concat(Aliases).Distinct(StringComparer.Ordinal);
}
