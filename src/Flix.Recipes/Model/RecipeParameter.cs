namespace Flix.Recipes.Model;

/// <summary>A template value besides the version: a default, or the latest version of its own source.</summary>
public sealed record RecipeParameter(string Name, string? Description, string? Default, VersionSourceSpec? Versions);
