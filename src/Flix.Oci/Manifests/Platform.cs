using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Flix.Core.Architectures;

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
        var known = CpuArchitectures.Find(architecture)
            ?? throw new NotSupportedException($"Architecture '{Fetch.Digest.Printable(architecture)}' has no known OCI platform name.");
        return For(known);
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

    private static Platform FromArchitecture(Architecture architecture) =>
        CpuArchitectures.FromRuntime(architecture) is { } known ? For(known) : new Platform { Os = "linux", Architecture = architecture.ToString().ToLowerInvariant() };

    private static Platform For(CpuArchitecture architecture) =>
        new() { Os = "linux", Architecture = architecture.OciName, Variant = architecture.OciVariant };
}
