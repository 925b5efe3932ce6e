using Flix.Sysext;

namespace Flix.Recipes.Baking;

/// <summary>What a bake made: the recipe's version and architecture, its downloads, and the packed extension.</summary>
public sealed record BakeResult
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Architecture { get; init; }

    public required IReadOnlyList<BakedArtifact> Artifacts { get; init; }

    public required SysextPackResult Pack { get; init; }

    /// <summary>Downloads taken without verification (--insecure-skip-verify).</summary>
    public IEnumerable<BakedArtifact> Unverified => Artifacts.Where(a => a.Verification == "none");
}
