namespace Flix.Recipes.Model;

/// <summary>A checked recipe: what the extension is, where its versions and downloads come from, and what it ships.</summary>
public sealed record Recipe
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public string? Homepage { get; init; }

    /// <summary>Where the recipe was read from: <c>embedded</c> or the file's path.</summary>
    public required string Origin { get; init; }

    /// <summary>Systemd architecture → upstream token, in the order the recipe lists them.</summary>
    public required IReadOnlyDictionary<string, string> Arches { get; init; }

    public required VersionSourceSpec Versions { get; init; }

    public IReadOnlyList<RecipeParameter> Parameters { get; init; } = [];

    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];

    public ImageBuild? Build { get; init; }

    public IReadOnlyList<UnitSpec> Units { get; init; } = [];

    public IReadOnlyList<ShippedFile> Files { get; init; } = [];

    public IReadOnlyList<ShippedLink> Links { get; init; } = [];

    public IReadOnlyList<EtcFile> Etc { get; init; } = [];

    public string? Sysusers { get; init; }

    public string? Tmpfiles { get; init; }

    /// <summary>EXTENSION_RELOAD_MANAGER=1.</summary>
    public bool Reload { get; init; }

    /// <summary>How hosts keep the extension updated.</summary>
    public RecipeSysupdate Sysupdate { get; init; } = new();

    /// <summary>The recipe file's text: part of what a release build's inputs hash covers.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary><c>download</c> or <c>image</c>.</summary>
    public string Kind => Build is null ? "download" : "image";
}
