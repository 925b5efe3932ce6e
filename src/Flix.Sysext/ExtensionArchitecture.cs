using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Flix.Core.Architectures;

namespace Flix.Sysext;

/// <summary>
/// The CPU architecture of an extension, by its systemd name (ConditionArchitecture=, ARCHITECTURE=, %a):
/// the names the bakery accepts, x86-64 and arm64. Their other names come from <see cref="CpuArchitectures"/>.
/// </summary>
public static class ExtensionArchitecture
{
    public const string X86_64 = "x86-64";
    public const string Arm64 = "arm64";

    /// <summary>The architectures extensions are built for.</summary>
    private static readonly CpuArchitecture[] Targets = [CpuArchitectures.X86_64, CpuArchitectures.Arm64];

    /// <summary>The systemd names of the architectures extensions are built for.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Targets.Select(target => target.SystemdName)];

    /// <summary>The names accepted on input, in the order shown to users: the systemd names, then the others.</summary>
    public static IReadOnlyList<string> AcceptedNames { get; } = [.. Names.Concat(Targets.SelectMany(target => target.Names)).Distinct(StringComparer.Ordinal)];

    /// <summary>Maps an accepted name or alias (amd64, x86_64, aarch64) to its systemd name.</summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? systemdName)
    {
        systemdName = TargetOrNull(CpuArchitectures.Find(value));
        return systemdName is not null;
    }

    /// <summary>The systemd name of <paramref name="architecture"/>, or null when extensions are not built for it.</summary>
    public static string? FromRuntime(Architecture architecture) => TargetOrNull(CpuArchitectures.FromRuntime(architecture));

    /// <summary>The systemd name for ELF files of e_machine <paramref name="machine"/>, or null when extensions are not built for it.</summary>
    public static string? FromElfMachine(ushort machine) => TargetOrNull(CpuArchitectures.FromElfMachine(machine));

    /// <summary>The systemd name of the machine this runs on, or null when it is neither x86-64 nor arm64.</summary>
    public static string? Host => FromRuntime(RuntimeInformation.OSArchitecture);

    private static string? TargetOrNull(CpuArchitecture? architecture) =>
        architecture is not null && Targets.Contains(architecture) ? architecture.SystemdName : null;
}
