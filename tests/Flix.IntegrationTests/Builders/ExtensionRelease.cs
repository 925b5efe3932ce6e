using System.Runtime.InteropServices;

namespace Flix.IntegrationTests.Builders;

/// <summary>The extension-release metadata the flix pack contract describes, for builders that do not write it.</summary>
public static class ExtensionRelease
{
    /// <summary>The file's path inside an image for extension <paramref name="name"/>.</summary>
    public static string PathFor(string name) => $"usr/lib/extension-release.d/extension-release.{name}";

    /// <summary>The directories above <see cref="PathFor"/> and the file itself.</summary>
    public static IReadOnlySet<string> PathsFor(string name) =>
        new HashSet<string>(StringComparer.Ordinal) { "usr", "usr/lib", "usr/lib/extension-release.d", PathFor(name) };

    /// <summary>systemd's architecture name of this machine (ConditionArchitecture= spelling).</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86-64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"No sysext architecture name for {other}."),
    };

    /// <summary>ID=, SYSEXT_LEVEL=1.0 when the ID is not _any, and ARCHITECTURE=.</summary>
    public static string Render(string? os)
    {
        string id = string.IsNullOrEmpty(os) ? "_any" : os;
        return id == "_any"
            ? $"ID=_any\nARCHITECTURE={HostArchitecture}\n"
            : $"ID={id}\nSYSEXT_LEVEL=1.0\nARCHITECTURE={HostArchitecture}\n";
    }
}
