using Flix.Sysext;

namespace Flix.Recipes.Baking;

/// <summary>What to bake: a recipe, a version (or <c>latest</c>), an architecture, and how to pack the result.</summary>
public sealed record BakeRequest
{
    public required string Name { get; init; }

    /// <summary>A version as the recipe lists it, or <c>latest</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The packing options; the name, version and architecture are the bake's own.</summary>
    public required SysextPackOptions Pack { get; init; }

    /// <summary>Values for the recipe's parameters, over their defaults.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>For a recipe built from an image: another image than the recipe's (a mirror, a local registry).</summary>
    public string? Image { get; init; }

    /// <summary>Where what runs inside the image prints (package manager output); null for nowhere.</summary>
    public TextWriter? Log { get; init; }
}
