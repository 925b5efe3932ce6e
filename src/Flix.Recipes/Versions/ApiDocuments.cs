using System.Text.Json.Serialization;

namespace Flix.Recipes.Versions;

/// <summary>A GitHub release as the REST API lists it (the fields Flix reads).</summary>
public sealed record GitHubRelease
{
    [JsonPropertyName("tag_name")]
    public string? TagName { get; init; }

    [JsonPropertyName("prerelease")]
    public bool Prerelease { get; init; }

    [JsonPropertyName("draft")]
    public bool Draft { get; init; }

    [JsonPropertyName("assets")]
    public IReadOnlyList<GitHubAsset>? Assets { get; init; }
}

/// <summary>A release asset; <c>digest</c> is <c>sha256:HEX</c> on every asset since mid-2025.</summary>
public sealed record GitHubAsset
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("browser_download_url")]
    public string? DownloadUrl { get; init; }
}

/// <summary>A tag of the GitHub or GitLab API (both name it <c>name</c>).</summary>
public sealed record NamedTag
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>A release of the HashiCorp releases API.</summary>
public sealed record HashiCorpRelease
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("is_prerelease")]
    public bool IsPrerelease { get; init; }

    [JsonPropertyName("license_class")]
    public string? LicenseClass { get; init; }

    [JsonPropertyName("timestamp_created")]
    public string? TimestampCreated { get; init; }
}

[JsonSerializable(typeof(List<GitHubRelease>))]
[JsonSerializable(typeof(GitHubRelease))]
[JsonSerializable(typeof(List<NamedTag>))]
[JsonSerializable(typeof(List<HashiCorpRelease>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
