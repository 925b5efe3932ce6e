using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Flix.Sysext;

/// <summary>
/// The CPU architecture of an extension, by its systemd name (ConditionArchitecture=, ARCHITECTURE=, %a):
/// the names the bakery accepts, x86-64 and arm64.
/// </summary>
public static class ExtensionArchitecture
{
    public const string X86_64 = "x86-64";
    public const string Arm64 = "arm64";

    /// <summary>The names accepted on input, in the order shown to users.</summary>
    public static IReadOnlyList<string> AcceptedNames { get; } = [X86_64, Arm64, "amd64", "x86_64", "aarch64"];

    /// <summary>Maps an accepted name or alias (amd64, x86_64, aarch64) to its systemd name.</summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? systemdName)
    {
        systemdName = value?.ToLowerInvariant() switch
        {
            "x86-64" or "x86_64" or "amd64" => X86_64,
            "arm64" or "aarch64" => Arm64,
            _ => null,
        };
        return systemdName is not null;
    }

    /// <summary>The systemd name of <paramref name="architecture"/>, or null when extensions are not built for it.</summary>
    public static string? FromRuntime(Architecture architecture) => architecture switch
    {
        Architecture.X64 => X86_64,
        Architecture.Arm64 => Arm64,
        _ => null,
    };

    /// <summary>The systemd name of the machine this runs on, or null when it is neither x86-64 nor arm64.</summary>
    public static string? Host => FromRuntime(RuntimeInformation.OSArchitecture);
}
