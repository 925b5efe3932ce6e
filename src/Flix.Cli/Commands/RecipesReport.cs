using System.Text.Json.Serialization;

namespace Flix.Cli.Commands;

/// <summary>One recipe in <c>flix recipes --json</c>.</summary>
public sealed record RecipeListEntry
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("homepage")]
    public string? Homepage { get; init; }

    /// <summary>Where the versions come from (<c>github-releases OWNER/NAME</c>…).</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("arches")]
    public required IReadOnlyList<string> Arches { get; init; }

    /// <summary><c>download</c> or <c>image</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary><c>embedded</c> or the recipe file.</summary>
    [JsonPropertyName("origin")]
    public required string Origin { get; init; }
}

/// <summary>One problem of <c>flix recipes --check --json</c>.</summary>
public sealed record RecipeProblemReport(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("message")] string Message);

/// <summary>The JSON of <c>flix recipes --check</c>.</summary>
public sealed record RecipeCheckReport(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("recipes")] int Recipes,
    [property: JsonPropertyName("problems")] IReadOnlyList<RecipeProblemReport> Problems);

/// <summary>One version of <c>flix recipes versions NAME --json</c>.</summary>
public sealed record RecipeVersionEntry(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("latest")] bool Latest);

/// <summary>One download of <c>flix bake --json</c>.</summary>
public sealed record BakedArtifactReport(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("verification")] string Verification);

/// <summary>The JSON of <c>flix bake</c>: the recipe, version and architecture, the downloads, and what was written.</summary>
public sealed record BakeReport
{
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("arch")]
    public string? Arch { get; init; }

    [JsonPropertyName("artifacts")]
    public IReadOnlyList<BakedArtifactReport> Artifacts { get; init; } = [];

    [JsonPropertyName("insecure")]
    public bool Insecure { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("sha256sums")]
    public string? Sha256Sums { get; init; }

    [JsonPropertyName("sysupdate")]
    public string? Sysupdate { get; init; }

    /// <summary>Every deployment file written: transfers, noop.conf, Butane, Ignition.</summary>
    [JsonPropertyName("deployment")]
    public IReadOnlyList<DeploymentFileReport> Deployment { get; init; } = [];

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("diagnostics")]
    public IReadOnlyList<DiagnosticReport> Diagnostics { get; init; } = [];
}

[JsonSerializable(typeof(List<RecipeListEntry>))]
[JsonSerializable(typeof(RecipeCheckReport))]
[JsonSerializable(typeof(List<RecipeVersionEntry>))]
[JsonSerializable(typeof(BakeReport))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class RecipesJsonContext : JsonSerializerContext
{
}
