namespace Flix.Recipes.Model;

/// <summary>A recipe built from a distribution image with packages installed, in Flix mode or as Flatwrap.</summary>
public sealed record ImageBuild(string Image, ImageBuildMode Mode, IReadOnlyList<string> Packages, IReadOnlyList<string> Paths);
