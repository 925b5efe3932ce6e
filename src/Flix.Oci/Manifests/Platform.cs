using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Flix.Oci.Manifests;

/// <summary>An image platform as the OCI spec names it: <c>linux/amd64</c>, <c>linux/arm64/v8</c>, <c>linux/arm/v7</c>.</summary>
public sealed record Platform
{
    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    /// <summary>The platform of this machine, Linux on the process architecture.</summary>
    public static Platform Host { get; } = FromArchitecture(RuntimeInformation.ProcessArchitecture);

    /// <summary>Parses <c>OS/ARCH[/VARIANT]</c>; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static Platform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            throw new FormatException($"'{Fetch.Digest.Printable(text)}' is not a platform: expected OS/ARCH[/VARIANT] such as linux/arm64.");
        }

        return Normalize(new Platform { Os = parts[0].ToLowerInvariant(), Architecture = parts[1].ToLowerInvariant(), Variant = parts.Length == 3 ? parts[2].ToLowerInvariant() : null });
    }

    /// <summary>The Linux platform for an architecture as Flix, the kernel or Debian names it: x86-64, amd64, arm64, aarch64, …</summary>
    public static Platform FromArch(string architecture)
    {
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        return architecture.ToLowerInvariant() switch
        {
            "x86-64" or "x86_64" or "amd64" => new Platform { Os = "linux", Architecture = "amd64" },
            "arm64" or "aarch64" => new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" },
            "x86" or "i386" or "i686" or "386" => new Platform { Os = "linux", Architecture = "386" },
            "arm" or "armhf" or "armv7" or "armv7l" => new Platform { Os = "linux", Architecture = "arm", Variant = "v7" },
            "ppc64le" or "ppc64el" => new Platform { Os = "linux", Architecture = "ppc64le" },
            "s390x" => new Platform { Os = "linux", Architecture = "s390x" },
            "riscv64" => new Platform { Os = "linux", Architecture = "riscv64" },
            _ => throw new NotSupportedException($"Architecture '{Fetch.Digest.Printable(architecture)}' has no known OCI platform name."),
        };
    }

    /// <summary>
    /// True when an image for <paramref name="candidate"/> runs on this platform: same OS and architecture, and the
    /// same variant, where arm64 without a variant is arm64/v8. A platform without a variant accepts any variant.
    /// </summary>
    public bool Accepts(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var wanted = Normalize(this);
        var offered = Normalize(candidate);
        return wanted.Os == offered.Os
            && wanted.Architecture == offered.Architecture
            && (wanted.Variant is null || wanted.Variant == offered.Variant);
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static Platform Normalize(Platform platform) =>
        platform.Architecture == "arm64" && string.IsNullOrEmpty(platform.Variant) ? platform with { Variant = "v8" }
        : platform.Variant == string.Empty ? platform with { Variant = null }
        : platform;

    private static Platform FromArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => FromArch("amd64"),
        System.Runtime.InteropServices.Architecture.Arm64 => FromArch("arm64"),
        System.Runtime.InteropServices.Architecture.X86 => FromArch("386"),
        System.Runtime.InteropServices.Architecture.Arm => FromArch("arm"),
        System.Runtime.InteropServices.Architecture.S390x => FromArch("s390x"),
        System.Runtime.InteropServices.Architecture.Ppc64le => FromArch("ppc64le"),
        System.Runtime.InteropServices.Architecture.RiscV64 => FromArch("riscv64"),
        _ => new Platform { Os = "linux", Architecture = architecture.ToString().ToLowerInvariant() },
    };
}
