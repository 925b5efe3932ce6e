namespace Flix.TestSupport.Oci;

/// <summary>An OCI platform: os, architecture and optional variant, as written in configs and index entries.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    public static readonly ImagePlatform LinuxAmd64 = new("linux", "amd64");
    public static readonly ImagePlatform LinuxArm64V8 = new("linux", "arm64", "v8");
    public static readonly ImagePlatform LinuxArmV7 = new("linux", "arm", "v7");

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
