namespace Flix.Recipes.Release;

/// <summary>One line of a versions file: a recipe and a version (or <c>latest</c>), with its line number.</summary>
public sealed record VersionsFileEntry(string Recipe, string Version, int Line);
