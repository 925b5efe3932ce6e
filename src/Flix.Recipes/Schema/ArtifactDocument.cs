using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>One download of a recipe: where it is per architecture, how it is verified, unpacked and placed.</summary>
public sealed class ArtifactDocument
{
    /// <summary>A URL template (https, http, oci, s3, file) with {version}, {version_nov}, {arch}… variables.</summary>
    [YamlMember(Alias = "url")]
    public string? Url { get; set; }

    /// <summary>Upstream tokens for this artifact when they differ from the recipe's.</summary>
    [YamlMember(Alias = "arches")]
    public Dictionary<string, string>? Arches { get; set; }

    /// <summary>auto (magic bytes, the default), tar, tar.gz, tar.xz, tar.zst, tar.bz2, zip, binary, deb, rpm.</summary>
    [YamlMember(Alias = "format")]
    public string? Format { get; set; }

    [YamlMember(Alias = "checksum")]
    public ChecksumDocument? Checksum { get; set; }

    /// <summary>For oci:// artifacts: the layer media type to take (default: the Wasm module types).</summary>
    [YamlMember(Alias = "media_type")]
    public string? MediaType { get; set; }

    /// <summary>
    /// Globs over the archive's entries naming .deb or .rpm packages it holds: each is unpacked in turn and the
    /// install rules apply to their merged payloads instead of to the archive itself.
    /// </summary>
    [YamlMember(Alias = "packages")]
    public List<string>? Packages { get; set; }

    [YamlMember(Alias = "install")]
    public List<InstallRuleDocument>? Install { get; set; }

    /// <summary>A version range the artifact is used for (semver range syntax); all versions when absent.</summary>
    [YamlMember(Alias = "versions")]
    public string? Versions { get; set; }

    /// <summary>Changes for version ranges: the first matching entry's keys replace the artifact's.</summary>
    [YamlMember(Alias = "overrides")]
    public List<ArtifactOverrideDocument>? Overrides { get; set; }
}
